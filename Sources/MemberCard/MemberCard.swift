// The member-card module arrives with its issue.
