insert into products (id, name, price, currency) values
    ('espresso-machine', 'Barista Pro Espresso Machine', 349.00, 'EUR'),
    ('coffee-grinder', 'Conical Burr Coffee Grinder', 129.00, 'EUR'),
    ('coffee-beans-1kg', 'Single-Origin Coffee Beans 1 kg', 24.90, 'EUR'),
    ('milk-frother', 'Electric Milk Frother', 39.90, 'EUR'),
    ('pour-over-kettle', 'Gooseneck Pour-Over Kettle', 59.00, 'EUR'),
    ('french-press', 'Stainless French Press 1 L', 34.50, 'EUR'),
    ('ceramic-mugs-set', 'Ceramic Mug Set (4 pieces)', 28.00, 'EUR'),
    ('coffee-scale', 'Precision Coffee Scale', 45.00, 'EUR'),
    ('paper-filters', 'Paper Filters (100 pieces)', 6.90, 'EUR'),
    ('tea-sampler', 'Loose-Leaf Tea Sampler', 19.50, 'EUR'),
    ('cold-brew-maker', 'Cold Brew Maker 1.5 L', 42.00, 'EUR'),
    ('descaler', 'Descaling Solution 500 ml', 12.90, 'EUR');
