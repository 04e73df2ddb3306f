"""The board pack's PDF: its kept figures and commentary as a tagged PDF (PDF/UA-1), as the information pack's.

Made from what the pack keeps, never from the live figures, so a published pack's PDF always says what the
Board was told. It fetches nothing: the template carries its own styles and no images.
https://doc.courtbouillon.org/weasyprint/stable/first_steps.html
"""

from django.template.loader import render_to_string

from website.information_pack import PDF_VARIANT, own_files_fetcher
from website.models import BoardPack


def board_pack_html(pack: BoardPack) -> str:
    sections = [
        {**section, "commentary": pack.commentary.get(section["key"], "")} for section in pack.sections
    ]
    return render_to_string("website/board_pack_pdf.html", {"pack": pack, "sections": sections})


def board_pack_pdf(pack: BoardPack) -> bytes:
    # Imported here: WeasyPrint needs Pango from the operating system.
    import weasyprint

    document = weasyprint.HTML(
        string=board_pack_html(pack), base_url="/", url_fetcher=own_files_fetcher(weasyprint)
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT)
