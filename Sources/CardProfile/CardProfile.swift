// The card profile arrives with its issue.
