-- Dedup looks documents up by a list of content hashes. With the domain first in the unique index, H2
-- answered "domain = ? AND sha256 IN (...)" by scanning the whole domain (quadratic as a domain grows);
-- hash first lets both databases answer "sha256 IN (...)" with one index probe per hash.
ALTER TABLE document DROP CONSTRAINT uq_document_domain_sha256;
ALTER TABLE document ADD CONSTRAINT uq_document_sha256_domain UNIQUE (sha256, domain);
