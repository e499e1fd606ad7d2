-- Search tables filled in bulk during a product import (docs/search.md, "The
-- index during an import"). Row by row, the insert triggers of 0003 make
-- FTS5 flush its pending terms at the end of every statement, which was
-- most of an import's time; the importer instead fills the search tables
-- itself with one INSERT ... SELECT per table for thousands of products.
-- While the importer's own INSERTs run, its transaction holds the one row of
-- search_deferred and the insert triggers do nothing; it deletes the row
-- before anything else writes. The row never outlives that transaction: a
-- rollback removes it with everything else, so no committed database has it.
-- A table rather than a function registered per connection, so that any
-- SQLite client (the sqlite3 shell, the benchmark's raw twin) can still
-- write products. The trigger bodies are those of 0003, unchanged; the
-- importer's INSERT ... SELECT (services/catalog/ProductImportWriter.cpp)
-- must write the same columns.

CREATE TABLE search_deferred (
    held INTEGER PRIMARY KEY CHECK (held = 1)
);

DROP TRIGGER products_search_insert;
CREATE TRIGGER products_search_insert AFTER INSERT ON products
WHEN NOT EXISTS (SELECT 1 FROM search_deferred) BEGIN
    INSERT INTO product_text (rowid, name, description, brand) VALUES (new.id, new.name, new.description, new.brand);
    INSERT INTO product_names (rowid, name) VALUES (new.id, new.name);
    INSERT INTO product_words (rowid, name) VALUES (new.id, new.name);
END;

DROP TRIGGER product_variants_search_insert;
CREATE TRIGGER product_variants_search_insert AFTER INSERT ON product_variants
WHEN NOT EXISTS (SELECT 1 FROM search_deferred) BEGIN
    INSERT INTO product_codes (rowid, sku, barcode) VALUES (new.id, new.sku, new.barcode);
END;
