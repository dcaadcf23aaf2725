$frontline_src$, '@postgis@', pg_catalog.quote_ident(postgis_schema));
END
$frontline_wrap$;
