-- Product search on SQLite (docs/search.md).
-- product_text: FTS5 trigram over name, description and brand, for substring
-- search in any script (case folded); ranked with bm25 weights name 3,
-- description 2, brand 1. product_names: the same over names alone, so that
-- "found in the name" never walks the long doclists of words that are common
-- in descriptions (a column filter on product_text would). product_codes:
-- each variant's SKU and barcode. product_words: word prefixes of names, for
-- queries of one or two characters, which the trigram tokenizer cannot match.
-- All three are external-content tables (they index the catalog's own columns
-- without a second copy of the text); the triggers below keep them current
-- on every write, whichever code path makes it.

CREATE VIRTUAL TABLE product_text USING fts5(
    name, description, brand,
    content = 'products', content_rowid = 'id', tokenize = 'trigram');
CREATE VIRTUAL TABLE product_names USING fts5(
    name,
    content = 'products', content_rowid = 'id', tokenize = 'trigram');
CREATE VIRTUAL TABLE product_codes USING fts5(
    sku, barcode,
    content = 'product_variants', content_rowid = 'id', tokenize = 'trigram');
CREATE VIRTUAL TABLE product_words USING fts5(
    name,
    content = 'products', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0', prefix = '1 2');

INSERT INTO product_text (product_text) VALUES ('rebuild');
INSERT INTO product_names (product_names) VALUES ('rebuild');
INSERT INTO product_codes (product_codes) VALUES ('rebuild');
INSERT INTO product_words (product_words) VALUES ('rebuild');

-- An external-content index is told the old values on delete: they must be
-- exactly what was indexed, which only a trigger sees for certain.
CREATE TRIGGER products_search_insert AFTER INSERT ON products BEGIN
    INSERT INTO product_text (rowid, name, description, brand) VALUES (new.id, new.name, new.description, new.brand);
    INSERT INTO product_names (rowid, name) VALUES (new.id, new.name);
    INSERT INTO product_words (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER products_search_delete AFTER DELETE ON products BEGIN
    INSERT INTO product_text (product_text, rowid, name, description, brand)
        VALUES ('delete', old.id, old.name, old.description, old.brand);
    INSERT INTO product_names (product_names, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO product_words (product_words, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER products_search_text_update AFTER UPDATE OF name, description, brand ON products BEGIN
    INSERT INTO product_text (product_text, rowid, name, description, brand)
        VALUES ('delete', old.id, old.name, old.description, old.brand);
    INSERT INTO product_text (rowid, name, description, brand) VALUES (new.id, new.name, new.description, new.brand);
END;
CREATE TRIGGER products_search_name_update AFTER UPDATE OF name ON products BEGIN
    INSERT INTO product_names (product_names, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO product_names (rowid, name) VALUES (new.id, new.name);
    INSERT INTO product_words (product_words, rowid, name) VALUES ('delete', old.id, old.name);
    INSERT INTO product_words (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER product_variants_search_insert AFTER INSERT ON product_variants BEGIN
    INSERT INTO product_codes (rowid, sku, barcode) VALUES (new.id, new.sku, new.barcode);
END;
CREATE TRIGGER product_variants_search_delete AFTER DELETE ON product_variants BEGIN
    INSERT INTO product_codes (product_codes, rowid, sku, barcode) VALUES ('delete', old.id, old.sku, old.barcode);
END;
CREATE TRIGGER product_variants_search_update AFTER UPDATE OF sku, barcode ON product_variants BEGIN
    INSERT INTO product_codes (product_codes, rowid, sku, barcode) VALUES ('delete', old.id, old.sku, old.barcode);
    INSERT INTO product_codes (rowid, sku, barcode) VALUES (new.id, new.sku, new.barcode);
END;

-- A category filter with a sort reads one index range per category (the
-- category and its subcategories) already in sort order.
CREATE INDEX products_category_price ON products (category_id, min_price_cents, id);
CREATE INDEX products_category_created ON products (category_id, created_at, id);
CREATE INDEX products_category_rating ON products (category_id, average_rating, review_count, id);
CREATE INDEX products_category_name ON products (category_id, name, id);
-- Rating sorts by the average, then by how many reviews it rests on.
CREATE INDEX products_rating_reviews ON products (average_rating, review_count, id);
