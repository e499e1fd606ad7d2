-- Search plans that stop early on PostgreSQL (docs/search.md). One or two
-- characters match the start of a name or of one of its words; with the
-- weighted stored vector ('ab':*A) every product with such a word anywhere
-- had to be read and rechecked, and a common letter meant reading the whole
-- catalog. These two indexes return only the matches:
-- the start of the name (LIKE 'ab%' on lower(name), a btree range in any
-- collation thanks to text_pattern_ops) ...
CREATE INDEX products_name_start ON products (lower(name) text_pattern_ops);
-- ... and the words of the name alone, whose prefix matches ('ab':*) are
-- exact, so the heap is read only for products that are listed.
CREATE INDEX products_name_words ON products USING gin (to_tsvector('simple', name));
