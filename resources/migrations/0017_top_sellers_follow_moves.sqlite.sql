-- "Top sellers in this category" lists the products that are in the
-- category now: a product moved to another category takes its sales along
-- at once, whichever path moved it (the editor, a bulk move, an import).
CREATE TRIGGER products_sales_category AFTER UPDATE OF category_id ON products
WHEN old.category_id IS NOT new.category_id BEGIN
    UPDATE product_sales SET category_id = COALESCE(new.category_id, 0) WHERE product_id = new.id;
END;
UPDATE product_sales SET category_id = COALESCE((SELECT p.category_id FROM products p
                                                 WHERE p.id = product_sales.product_id), 0);
