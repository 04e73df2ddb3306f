"""The "Old records" screen: a manager uploads an old system's file, reads the dry run, then imports.

Managers and superusers only; everyone else gets a 404, as on every CRM address. The file is kept
between the dry run and the import in the cache (django-import-export's ``CacheStorage``) for a day,
under a name only the manager who uploaded it is given; it is removed once imported. Large files
(thousands of rows) are better run with ``manage.py import_records``, which prints the same report.
"""

from uuid import uuid4

from django import forms
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from import_export.tmp_storages import CacheStorage

from crm.imports import COLUMNS
from crm.models import ImportRun
from crm.services.imports import MAX_FILE_BYTES, ImportFileError, dataset_read, records_import
from crm.views.households_setup import CRM_MENU_HOOK
from crm.views.privacy_admin import ManagersMenuItem, ManagersOnlyMixin

RECENT_RUNS = 10


class UploadForm(forms.Form):
    file = forms.FileField(
        label="The old system's file",
        help_text="A .csv file saved as CSV UTF-8, or an .xlsx file, with the column headings in the first row.",
    )


class ImportPageView(ManagersOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = "Old records"
    header_icon = "upload"
    template_name = "crm/imports/upload.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class ImportsView(ImportPageView):
    """Upload a file: the dry run's report, with the button that imports its good rows."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", UploadForm())
        context.update(columns=COLUMNS, runs=ImportRun.objects.select_related("by")[:RECENT_RUNS])
        return context

    def post(self, request, *args, **kwargs):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            form.add_error(
                "file", "The file is larger than 20 MB: split it, or use manage.py import_records."
            )
            return self.render_to_response(self.get_context_data(form=form))
        content = upload.read()
        try:
            report = records_import(
                dataset=dataset_read(content=content, file_name=upload.name),
                file_name=upload.name,
                by=request.user,
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        token = ""
        if report.importable:
            storage = CacheStorage(name=f"crm-import-{request.user.pk}-{uuid4().hex}")
            storage.save(content)
            token = storage.name
        self.template_name = "crm/imports/report.html"
        return self.render_to_response(
            self.get_context_data(report=report, token=token, file_name=upload.name)
        )


class ImportCommitView(ImportPageView):
    """Import the good rows of the file the manager has just read the dry run of."""

    template_name = "crm/imports/report.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        token = request.POST.get("token", "")
        file_name = request.POST.get("file_name", "")[:255] or "uploaded file"
        storage = CacheStorage(name=token)
        content = storage.read() if token.startswith(f"crm-import-{request.user.pk}-") else None
        if content is None:
            messages.error(
                request, "That file is no longer here (files are kept for a day): upload it again."
            )
            return redirect("crm_imports")
        report = records_import(
            dataset=dataset_read(content=content, file_name=file_name),
            file_name=file_name,
            by=request.user,
            commit=True,
        )
        storage.remove()
        return self.render_to_response(self.get_context_data(report=report, token="", file_name=file_name))


urlpatterns = [
    path("crm/imports/", ImportsView.as_view(), name="crm_imports"),
    path("crm/imports/commit/", ImportCommitView.as_view(), name="crm_imports_commit"),
]


@hooks.register("register_admin_urls")
def register_import_urls():
    return urlpatterns


@hooks.register(CRM_MENU_HOOK)
def register_import_menu_item():
    return ManagersMenuItem("Old records", reverse("crm_imports"), icon_name="upload", order=185)
