-- Every new variant gets a stock level of zero at the first location, so the
-- Inventory page lists it before it was ever stocked (0005 filled in the
-- variants that existed then).
CREATE FUNCTION product_variants_stock_level() RETURNS trigger AS
$$
BEGIN
    INSERT INTO stock_levels (variant_id, location_id, updated_at)
        VALUES (NEW.id, (SELECT MIN(id) FROM locations), NEW.created_at)
        ON CONFLICT (variant_id, location_id) DO NOTHING;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
-- CREATE OR REPLACE: the statement splitter treats a plain CREATE TRIGGER as
-- SQLite's BEGIN ... END form.
CREATE OR REPLACE TRIGGER product_variants_stock_level AFTER INSERT ON product_variants
    FOR EACH ROW EXECUTE FUNCTION product_variants_stock_level();
