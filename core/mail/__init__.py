"""Outgoing mail: `composing` (a mail's text in the recipient's language, its attachments, its MIME form),
`outbox` (the table and queue: enqueue in the caller's transaction, claim, retries, status) and `delivery` (SMTP and
console backends, sending the due mails as a worker). May import core only."""
