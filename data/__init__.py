"""The data dramabot ships: the catalogue and the blog's review facts (files, read at run time)."""
