"""A document file the secretary published with a public report: downloadable by anyone."""

from django.http import Http404

from ...http.media import document_file_response
from ...selectors.documents import public_document


def document(request, pk):
    """`news:document`: the file of a document published with a public report; 404 for any
    other (private, of a draft or scheduled report, or without a file)."""
    found = public_document(pk)
    if found is None:
        raise Http404
    return document_file_response(found, private=False)
