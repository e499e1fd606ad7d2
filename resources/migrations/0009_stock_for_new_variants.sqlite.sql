-- Every new variant gets a stock level of zero at the first location, so the
-- Inventory page lists it before it was ever stocked (0005 filled in the
-- variants that existed then).
CREATE TRIGGER product_variants_stock_level AFTER INSERT ON product_variants BEGIN
    INSERT INTO stock_levels (variant_id, location_id, updated_at)
        VALUES (new.id, (SELECT MIN(id) FROM locations), new.created_at)
        ON CONFLICT (variant_id, location_id) DO NOTHING;
END;
