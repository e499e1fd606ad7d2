-- Product search on PostgreSQL (docs/search.md): pg_trgm GIN indexes for
-- substring search over name, description, brand, SKU and barcode (what FTS5
-- trigram does on SQLite), a weighted tsvector (name A, description B, brand C)
-- for ranking and for name-word prefixes of one or two characters. All of it
-- is computed from the catalog's own columns (expression indexes, a generated
-- column), so PostgreSQL keeps it current on every write without triggers.
-- pg_trgm is a trusted extension: the database's owner may create it.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX products_name_trgm ON products USING gin (name gin_trgm_ops);
CREATE INDEX products_description_trgm ON products USING gin (description gin_trgm_ops);
CREATE INDEX products_brand_trgm ON products USING gin (brand gin_trgm_ops);
CREATE INDEX product_variants_sku_trgm ON product_variants USING gin (sku gin_trgm_ops);
CREATE INDEX product_variants_barcode_trgm ON product_variants USING gin (barcode gin_trgm_ops);
-- The words of name (A), description (B) and brand (C), stored so that a
-- candidate's rank costs no parsing at query time; its GIN index answers
-- name-word prefixes ('ab':*A) for queries of one or two characters.
ALTER TABLE products ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', name), 'A') || setweight(to_tsvector('simple', description), 'B')
    || setweight(to_tsvector('simple', brand), 'C')) STORED;
CREATE INDEX products_search_vector ON products USING gin (search_vector);

-- A category filter with a sort reads one index range per category (the
-- category and its subcategories) already in sort order.
CREATE INDEX products_category_price ON products (category_id, min_price_cents, id);
CREATE INDEX products_category_created ON products (category_id, created_at, id);
CREATE INDEX products_category_rating ON products (category_id, average_rating, review_count, id);
CREATE INDEX products_category_name ON products (category_id, name, id);
-- Rating sorts by the average, then by how many reviews it rests on.
CREATE INDEX products_rating_reviews ON products (average_rating, review_count, id);
