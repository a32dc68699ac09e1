"""A strategy's knowledge: the schemas of its files (``schema``) and the loader that checks
them against each other (``load``)."""
