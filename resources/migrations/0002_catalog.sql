-- Catalog: category tree, products, variants (what is sold and stocked) and images.
-- Portable for both databases; see docs/catalog.md for the decisions.
-- Full-text search (FTS5 trigram / tsvector + pg_trgm) comes in a later migration
-- over these columns; nothing here depends on it.

CREATE TABLE categories (
    id %ID%,
    parent_id %BIGINT% REFERENCES categories (id),
    name %TEXT% NOT NULL,
    slug %TEXT% NOT NULL,
    description %TEXT% NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    is_active %BOOL% NOT NULL DEFAULT 1,
    created_at %TIMESTAMP% NOT NULL,
    updated_at %TIMESTAMP% NOT NULL,
    CHECK (parent_id IS NULL OR parent_id <> id)
);
-- Slugs are unique among siblings (a shop has "Accessories" under both Men
-- and Women); roots are siblings under parent 0.
CREATE UNIQUE INDEX categories_sibling_slug ON categories (COALESCE(parent_id, 0), slug);
CREATE INDEX categories_children ON categories (parent_id, position, id);

CREATE TABLE products (
    id %ID%,
    vendor_id %BIGINT% REFERENCES vendors (id),
    category_id %BIGINT% REFERENCES categories (id),
    name %TEXT% NOT NULL,
    slug %TEXT% NOT NULL,
    description %TEXT% NOT NULL DEFAULT '',
    brand %TEXT% NOT NULL DEFAULT '',
    status %TEXT% NOT NULL DEFAULT 'active'
        CHECK (status IN ('active', 'inactive', 'out_of_stock', 'discontinued')),
    tax_class %TEXT% NOT NULL DEFAULT 'standard',
    attributes %TEXT% NOT NULL DEFAULT '{}',
    -- Lowest price of the product's active variants (of all variants when none
    -- is active), kept by ProductService so that "sort by price" is one index
    -- scan with keyset paging instead of a MIN() over variants per row.
    min_price_cents %BIGINT% NOT NULL DEFAULT 0 CHECK (min_price_cents >= 0),
    -- Hundredths of a star (450 = 4.50) and the count, kept by the reviews service.
    average_rating INTEGER NOT NULL DEFAULT 0 CHECK (average_rating BETWEEN 0 AND 500),
    review_count INTEGER NOT NULL DEFAULT 0 CHECK (review_count >= 0),
    -- Optimistic locking: an edit names the version it started from.
    version INTEGER NOT NULL DEFAULT 1,
    created_at %TIMESTAMP% NOT NULL,
    updated_at %TIMESTAMP% NOT NULL
);
CREATE UNIQUE INDEX products_slug ON products (slug);
-- Filter and sort indexes for keyset paging; each ends with id as the tie-breaker.
CREATE INDEX products_category ON products (category_id, id);
CREATE INDEX products_vendor ON products (vendor_id, id);
CREATE INDEX products_status ON products (status, id);
CREATE INDEX products_created ON products (created_at, id);
CREATE INDEX products_price ON products (min_price_cents, id);
CREATE INDEX products_rating ON products (average_rating, id);
CREATE INDEX products_name ON products (name, id);

CREATE TABLE product_variants (
    id %ID%,
    product_id %BIGINT% NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    -- Printable ASCII without spaces, stored as typed; unique ignoring case
    -- (index below), so "ab-1" and "AB-1" cannot both exist.
    sku %TEXT% NOT NULL,
    barcode %TEXT% UNIQUE,
    options %TEXT% NOT NULL DEFAULT '{}',
    -- Canonical form of options (case-folded, sorted by key): one variant per
    -- combination; '' for the default variant of a product without options.
    option_key %TEXT% NOT NULL DEFAULT '',
    price_cents %BIGINT% NOT NULL CHECK (price_cents >= 0),
    compare_at_cents %BIGINT% CHECK (compare_at_cents IS NULL OR compare_at_cents >= 0),
    cost_cents %BIGINT% CHECK (cost_cents IS NULL OR cost_cents >= 0),
    weight_grams INTEGER CHECK (weight_grams IS NULL OR weight_grams >= 0),
    is_active %BOOL% NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0,
    created_at %TIMESTAMP% NOT NULL,
    updated_at %TIMESTAMP% NOT NULL
);
CREATE UNIQUE INDEX product_variants_sku ON product_variants (upper(sku));
CREATE UNIQUE INDEX product_variants_options ON product_variants (product_id, option_key);
CREATE INDEX product_variants_product ON product_variants (product_id, position, id);
CREATE INDEX product_variants_price ON product_variants (price_cents, product_id);

CREATE TABLE product_images (
    id %ID%,
    product_id %BIGINT% NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    mime %TEXT% NOT NULL,
    data %BLOB% NOT NULL,
    -- Small cached rendering for tables and lists, made by the layer that has QtGui.
    thumbnail %BLOB%,
    alt_text %TEXT% NOT NULL DEFAULT '',
    created_at %TIMESTAMP% NOT NULL
);
CREATE INDEX product_images_product ON product_images (product_id, position, id);
