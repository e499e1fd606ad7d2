-- The Reviews page with no filter lists every review newest first; without
-- this index both databases sort all reviews for each page.
CREATE INDEX reviews_created ON reviews (created_at, id);
