"""Private files (the supporting documents of bank details) served by a view that checked who asks: always as a
download, with the content type read from the file's content at upload, never sniffed by the browser."""

from django.http import FileResponse


def private_file_response(file, *, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
