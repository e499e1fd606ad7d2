-- "Top sellers in this category" lists the products that are in the
-- category now: a product moved to another category takes its sales along
-- at once, whichever path moved it (the editor, a bulk move, an import).
CREATE FUNCTION products_sales_category() RETURNS trigger AS
$$
BEGIN
    UPDATE product_sales SET category_id = COALESCE(NEW.category_id, 0) WHERE product_id = NEW.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
-- CREATE OR REPLACE: the statement splitter treats a plain CREATE TRIGGER as
-- SQLite's BEGIN ... END form.
CREATE OR REPLACE TRIGGER products_sales_category AFTER UPDATE OF category_id ON products
    FOR EACH ROW WHEN (OLD.category_id IS DISTINCT FROM NEW.category_id)
    EXECUTE FUNCTION products_sales_category();
UPDATE product_sales SET category_id = COALESCE((SELECT p.category_id FROM products p
                                                 WHERE p.id = product_sales.product_id), 0);
