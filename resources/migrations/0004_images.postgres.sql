-- Product images: the picture may be absent when only its web address is
-- known (an import of a Shopify "Image Src"), and the address is kept for
-- export.

ALTER TABLE product_images ALTER COLUMN data DROP NOT NULL;
ALTER TABLE product_images ALTER COLUMN mime SET DEFAULT '';
ALTER TABLE product_images ADD COLUMN source_url TEXT NOT NULL DEFAULT '';
ALTER TABLE product_images ADD CONSTRAINT product_images_data_or_source CHECK (data IS NOT NULL OR source_url <> '');
