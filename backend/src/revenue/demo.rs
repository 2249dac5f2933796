//! Demo revenue: a co-created product and its prizes.
