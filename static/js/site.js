/*
 * Progressive enhancement only: every feature works without this file.
 * - Collapses the main navigation behind a "Menu" button on small screens.
 * - Loads a video player only when the visitor presses "Watch".
 * - Sends the cookie banner's choice without leaving the page.
 */
(function () {
    "use strict";
    document.documentElement.classList.replace("no-js", "js");

    function setUpNavigation() {
        var nav = document.getElementById("site-nav");
        if (!nav) return;
        var list = nav.querySelector(".site-nav__list");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn site-nav__toggle";
        button.textContent = "Menu";
        button.setAttribute("aria-controls", "site-nav-list");
        button.setAttribute("aria-expanded", "false");
        list.id = "site-nav-list";
        list.parentNode.insertBefore(button, list);
        nav.setAttribute("data-collapsed", "true");
        button.addEventListener("click", function () {
            var open = button.getAttribute("aria-expanded") === "true";
            button.setAttribute("aria-expanded", String(!open));
            nav.setAttribute("data-collapsed", String(open));
        });
    }

    function setUpVideos() {
        document.querySelectorAll("[data-video-embed]").forEach(function (figure) {
            var link = figure.querySelector(".block-video__play");
            var src = figure.getAttribute("data-video-embed");
            if (!link || !src) return;
            link.addEventListener("click", function (event) {
                event.preventDefault();
                var frame = document.createElement("iframe");
                frame.src = src + (src.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
                frame.title = figure.getAttribute("data-video-title") || "Video";
                frame.allow = "autoplay; encrypted-media; picture-in-picture";
                frame.allowFullscreen = true;
                link.parentNode.replaceChildren(frame);
                frame.focus();
            });
        });
    }

    function setUpCouncilSuggestion() {
        var postcode = document.querySelector("[data-council-lookup]");
        var council = document.getElementById("id_council");
        if (!postcode || !council || !window.fetch) return;
        var status = document.createElement("p");
        status.className = "form-text council-suggestion";
        status.setAttribute("aria-live", "polite");
        council.parentNode.appendChild(status);
        var chosenByVisitor = false;
        council.addEventListener("change", function () { chosenByVisitor = true; });
        postcode.addEventListener("change", function () {
            fetch("/enquire/council/?postcode=" + encodeURIComponent(postcode.value))
                .then(function (response) { return response.ok ? response.json() : null; })
                .then(function (data) {
                    if (!data || !data.council) { status.textContent = ""; return; }
                    if (!chosenByVisitor) council.value = data.council;
                    status.textContent = data.council === "elsewhere"
                        ? "From your postcode, we think you live outside Kent, Medway and Bexley. Change this if we are wrong."
                        : "From your postcode, we think you live in " + data.label + ". Change this if we are wrong.";
                })
                .catch(function () { status.textContent = ""; });
        });
    }

    function setUpCookieBanner() {
        var banner = document.querySelector("[data-cookie-banner]");
        if (!banner || !window.fetch || !window.FormData) return;
        var form = banner.querySelector("form");
        var question = banner.querySelector("[data-cookie-question]");
        var status = banner.querySelector("[data-cookie-status]");
        function sendWithoutScript(button) {
            var input = document.createElement("input");
            input.type = "hidden";
            input.name = button.name;
            input.value = button.value;
            form.appendChild(input);
            form.submit();
        }
        function showConfirmation(message) {
            var text = document.createElement("p");
            text.append(message + " You can ");
            var link = document.createElement("a");
            link.href = form.action;
            link.textContent = "change your cookie settings";
            text.append(link, " at any time.");
            var hide = document.createElement("button");
            hide.type = "button";
            hide.className = "btn btn-outline-primary";
            hide.textContent = "Hide cookie message";
            hide.addEventListener("click", function () {
                banner.remove();
                document.getElementById("main").focus();
            });
            question.hidden = true;
            status.replaceChildren(text, hide);
            status.hidden = false;
            status.focus();
        }
        form.addEventListener("submit", function (event) {
            var button = event.submitter;
            if (!button || !button.value) return;
            event.preventDefault();
            var data = new FormData(form);
            data.set(button.name, button.value);
            // Where the visitor came from before this page: only kept if they accept.
            data.set("referrer", document.referrer);
            fetch(form.action, {
                method: "POST",
                body: data,
                credentials: "same-origin",
                headers: { Accept: "application/json" }
            })
                .then(function (response) {
                    if (!response.ok) throw new Error("Choice not saved");
                    return response.json();
                })
                .then(function (result) { showConfirmation(result.message); })
                .catch(function () { sendWithoutScript(button); });
        });
    }

    setUpNavigation();
    setUpVideos();
    setUpCouncilSuggestion();
    setUpCookieBanner();
})();
