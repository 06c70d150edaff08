"""The editors' back office: the admin base and site, workflow, history, audit log, two-factor login, import and
export, link check, rich text and password rules."""
