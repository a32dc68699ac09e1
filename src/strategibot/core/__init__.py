"""What every layer may use: the clock, the text catalogue (i18n), logging, metrics, finding
the data folders and reading YAML, the strict base of the data-file schemas."""
