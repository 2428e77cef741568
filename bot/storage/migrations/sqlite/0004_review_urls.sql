-- The address of the blog post a review comes from (a link on its card), when known.
ALTER TABLE reviews ADD COLUMN url TEXT;
