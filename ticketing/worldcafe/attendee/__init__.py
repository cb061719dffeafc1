"""The attendee's side of a café: ranking topics, opting in, their rotation on the ticket page, the rotation page
and the mail."""
