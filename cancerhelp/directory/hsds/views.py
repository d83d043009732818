"""The directory as a CSV file for spreadsheet users (/directory/export.csv)."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from .exporter import write_directory_csv


@require_GET
def directory_csv(request):
    # utf-8-sig: the byte-order mark makes spreadsheet programs read accents correctly.
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cancer-help-directory.csv"'
    response.write("\ufeff")
    write_directory_csv(response)
    return response
