//! Creator earnings from templates, co-created products and prizes: revenue agreements, the postings each source makes, product sales imports and prizes.
