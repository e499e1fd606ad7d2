-- Product images: the picture may be absent when only its web address is
-- known (an import of a Shopify "Image Src"), and the address is kept for
-- export. SQLite cannot drop a NOT NULL constraint, so the table is rebuilt
-- (nothing refers to product_images, so the rebuild is safe inside this
-- migration's transaction with foreign keys on).

CREATE TABLE product_images_rebuilt (
    id %ID%,
    product_id %BIGINT% NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    mime %TEXT% NOT NULL DEFAULT '',
    data %BLOB%,
    thumbnail %BLOB%,
    alt_text %TEXT% NOT NULL DEFAULT '',
    source_url %TEXT% NOT NULL DEFAULT '',
    created_at %TIMESTAMP% NOT NULL,
    CHECK (data IS NOT NULL OR source_url <> '')
);
INSERT INTO product_images_rebuilt (id, product_id, position, mime, data, thumbnail, alt_text, created_at)
    SELECT id, product_id, position, mime, data, thumbnail, alt_text, created_at FROM product_images;
DROP TABLE product_images;
ALTER TABLE product_images_rebuilt RENAME TO product_images;
CREATE INDEX product_images_product ON product_images (product_id, position, id);
