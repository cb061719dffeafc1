"""The audit log for admins: who did what when, filtered by person, kind of action, object and dates, paged by key
(`queries`), and its page (`views`). Rows about people anonymised by retention carry no text that names them
(`core.services.blank_audit_subjects`, run by `flask tick`)."""
