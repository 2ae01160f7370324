-- Every index is written by each stored document (H2 also rewrites the touched index pages at each
-- commit), and the ingest transaction is what limits throughput. Pages of one domain and split are
-- answered through ix_document_domain_seq with the split as a filter: a train page (90% of a domain)
-- reads ~1.1 rows per row returned, a held-out page ~10; a fifth index on every insert cost more.
DROP INDEX ix_document_domain_split_seq;
