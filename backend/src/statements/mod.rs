//! Statements and finance views: creator earnings summaries, monthly statements (JSON, CSV, PDF), yearly tax summaries, the finance overview and the reconciliation report.
