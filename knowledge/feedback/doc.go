// Package feedback learns from use: a search followed by opening, citing or
// inserting an article is evidence that the article answers that query,
// and, later, queries like it. Evidence is read through Source, which the
// consumer of this package implements (the query log and the ledger);
// Model turns it into per-article boosts for a query with a decay, a cap
// per user and a quorum of users, so that one agent, however many clicks,
// cannot move rankings. Editors list and reset what was learned.
package feedback
