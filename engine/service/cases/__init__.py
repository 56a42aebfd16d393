"""A participant's case: enrolment, operations, records, stored obligations, queries,
caseloads and moving cases to a new version of their definition."""
