-- pgbench: record a claim on a random sample place (control, or contested)
\set p random(1, 34)
\set a random(0, 2)
\set h random(0, 2000)
\set c random(0, 10)
SELECT CASE WHEN :a = 2
            THEN frontline.record_contested((SELECT name FROM frontline.place WHERE place_id = :p),
                                            timestamptz '2021-08-01Z' + :h * interval '1 hour',
                                            ARRAY['Taliban', 'Afghan government'], 'bench' || :c, :c / 10.0, 'pgbench')
            ELSE frontline.record_control((SELECT name FROM frontline.place WHERE place_id = :p),
                                          CASE WHEN :a = 0 THEN 'Taliban' ELSE 'Afghan government' END,
                                          timestamptz '2021-08-01Z' + :h * interval '1 hour',
                                          'bench' || :c, :c / 10.0, 'pgbench') END;
