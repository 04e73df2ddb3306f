/*
 * Progressive enhancement only: every feature works without this file.
 * - Collapses the main navigation behind a "Menu" button, in the header, on small screens.
 * - Loads a video player only when the visitor presses "Watch".
 * - Sends the cookie banner's choice without leaving the page.
 * - Counts the characters left in long text fields (the server still checks the limit).
 * - Shows the partner's name fields on the enquiry form only to couples.
 * - Goes straight to the questions that fit when an answer to "What would you like help with?" is chosen.
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
        // In the header's row beside "Enquire now", so on a phone the menu costs no row of its own.
        var actions = document.querySelector(".site-header__actions");
        if (actions) actions.appendChild(button);
        else list.parentNode.insertBefore(button, list);
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

    function formatNumber(number) {
        return number.toLocaleString("en-GB");
    }

    function characterCountMessage(length, limit) {
        var left = limit - length;
        if (left >= 0) {
            return "You have " + formatNumber(left) + " character" + (left === 1 ? "" : "s") + " remaining";
        }
        return "You have " + formatNumber(-left) + " character" + (left === -1 ? "" : "s") + " too many";
    }

    // The field carries no maxlength, so nothing typed or pasted is ever cut: the count says how far
    // over the limit it is, and the server's message says so again if it is sent anyway.
    function setUpCharacterCounts() {
        document.querySelectorAll("[data-char-limit]").forEach(function (field) {
            var limit = parseInt(field.getAttribute("data-char-limit"), 10);
            if (!limit || !field.id) return;
            var count = document.createElement("p");
            count.id = field.id + "-count";
            count.className = "form-text char-count";
            // Screen readers hear the count once typing pauses, not at every key.
            var spoken = document.createElement("p");
            spoken.className = "visually-hidden";
            spoken.setAttribute("aria-live", "polite");
            field.parentNode.appendChild(count);
            field.parentNode.appendChild(spoken);
            var describedBy = field.getAttribute("aria-describedby");
            field.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + count.id);
            var timer = null;
            function update(announce) {
                // Characters as the server counts them: a line break is one, an emoji is one.
                var length = Array.from(field.value).length;
                var message = characterCountMessage(length, limit);
                count.textContent = message;
                count.classList.toggle("char-count--over", length > limit);
                field.classList.toggle("char-count-field--over", length > limit);
                if (announce) {
                    window.clearTimeout(timer);
                    timer = window.setTimeout(function () { spoken.textContent = message; }, 1000);
                }
            }
            field.addEventListener("input", function () { update(true); });
            update(false);
        });
    }

    // Without this script every visitor sees the partner fields, labelled "only if applying as a
    // couple". With it, they appear only after "As a couple" is chosen, where the first name is needed.
    function setUpPartnerFields() {
        var block = document.querySelector("[data-partner-fields]");
        if (!block) return;
        var form = block.closest("form");
        var radios = form.querySelectorAll('input[name="household_type"]');
        var needed = block.querySelectorAll("[data-required-for-couples]");
        block.classList.add("partner-fields--conditional");
        function update() {
            var couple = form.querySelector('input[name="household_type"][value="couple"]');
            // A field the server found a problem with is never hidden.
            var show = (couple && couple.checked) || block.querySelector(".is-invalid") !== null;
            block.hidden = !show;
            needed.forEach(function (input) { input.required = Boolean(couple && couple.checked); });
        }
        radios.forEach(function (radio) {
            radio.setAttribute("aria-controls", block.id);
            radio.addEventListener("change", update);
        });
        update();
    }

    // The enquiry page's first question is a GET form with a Continue button. Choosing an answer with a
    // mouse or a finger goes to its address at once. The arrow keys choose as they move through the
    // answers, so from the keyboard nothing happens until Continue (or Enter) is pressed.
    function setUpEnquiryAbout() {
        var form = document.querySelector("[data-enquiry-about]");
        if (!form) return;
        var pointer = false;
        form.addEventListener("pointerdown", function () { pointer = true; });
        form.addEventListener("keydown", function () { pointer = false; });
        form.addEventListener("change", function (event) {
            if (!pointer || event.target.name !== "about") return;
            if (form.requestSubmit) form.requestSubmit();
            else form.submit();
        });
    }

    setUpNavigation();
    setUpVideos();
    setUpCouncilSuggestion();
    setUpCookieBanner();
    setUpCharacterCounts();
    setUpPartnerFields();
    setUpEnquiryAbout();
})();
