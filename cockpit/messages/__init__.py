"""Messages to segments: recipients chosen by ticket type, answers, stakeholder group, check-in state, workshop
seat, waiting list, partner state and package, or the contacts of the event's series (`segments`; every mail to them
carries their unsubscribe link), texts with checked placeholders (`placeholders`), saved and built-in templates
(`presets`), drafts, preview, test mail and confirmation (`services`), and the job that queues one outbox mail per
recipient (`jobs`); delivery states come from core's outbox."""
