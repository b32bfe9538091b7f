"""A meeting's document file, downloaded by a workspace account in the meeting's scope."""

from django.http import Http404

from ...http.media import document_file_response
from .access import scoped_meeting, workspace_view


@workspace_view("branchapp.view_meeting")
def meeting_document(request, pk, document_id):
    meeting = scoped_meeting(request, pk)
    document = meeting.documents.filter(pk=document_id).exclude(file="").first()
    if document is None:
        raise Http404
    return document_file_response(document, private=True)
