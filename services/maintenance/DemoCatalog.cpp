#include "maintenance/DemoCatalog.h"

#include "audit/AuditLog.h"
#include "catalog/Barcode.h"
#include "catalog/CategoryService.h"
#include "catalog/ProductImportWriter.h"
#include "catalog/ProductService.h"
#include "catalog/Slug.h"
#include "db/Connection.h"
#include "inventory/InventoryLedger.h"
#include "shop/SettingsService.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

enum class Seller { Shop, Leather, Tea, Outdoor };
enum class Options { None, SizeColour, Colour, Weight, ShoeSize };

struct Leaf {
    QString top;
    QString middle;
    QString name;
    Seller seller;
    Options options;
    int minPrice; // cents
    int maxPrice;
    int grams;
    QStringList nouns;       // one per language, in kLanguages order
    QStringList materials;
};

// Languages of the names and descriptions, in the order of Leaf::nouns.
enum Language { English, German, French, Italian, Japanese, LanguageCount };

const QList<Leaf> &leaves()
{
    static const QList<Leaf> list{
        {u"Clothing"_s, u"Men"_s, u"Shirts"_s, Seller::Shop, Options::SizeColour, 2990, 8990, 240,
         {u"Oxford Shirt"_s, u"Leinenhemd"_s, u"Chemise en lin"_s, u"Camicia di lino"_s, u"リネンシャツ"_s},
         {u"linen"_s, u"cotton"_s}},
        {u"Clothing"_s, u"Men"_s, u"Trousers"_s, Seller::Shop, Options::SizeColour, 3990, 11990, 480,
         {u"Chino Trousers"_s, u"Stoffhose"_s, u"Pantalon chino"_s, u"Pantaloni chino"_s, u"チノパンツ"_s},
         {u"cotton"_s, u"wool"_s}},
        {u"Clothing"_s, u"Men"_s, u"Jackets"_s, Seller::Outdoor, Options::SizeColour, 8990, 29990, 900,
         {u"Field Jacket"_s, u"Regenjacke"_s, u"Veste de pluie"_s, u"Giacca da campo"_s, u"フィールドジャケット"_s},
         {u"waxed cotton"_s, u"recycled nylon"_s}},
        {u"Clothing"_s, u"Women"_s, u"Dresses"_s, Seller::Shop, Options::SizeColour, 4990, 15990, 350,
         {u"Wrap Dress"_s, u"Sommerkleid"_s, u"Robe portefeuille"_s, u"Abito a portafoglio"_s, u"ラップドレス"_s},
         {u"viscose"_s, u"silk"_s}},
        {u"Clothing"_s, u"Women"_s, u"Knitwear"_s, Seller::Shop, Options::SizeColour, 5990, 18990, 420,
         {u"Merino Sweater"_s, u"Strickpullover"_s, u"Pull en mérinos"_s, u"Maglione di merino"_s, u"メリノセーター"_s},
         {u"merino wool"_s, u"cashmere"_s}},
        {u"Clothing"_s, u"Kids"_s, u"T-Shirts"_s, Seller::Shop, Options::SizeColour, 990, 2490, 120,
         {u"Kids' T-Shirt"_s, u"Kinder-T-Shirt"_s, u"T-shirt enfant"_s, u"Maglietta bambino"_s, u"キッズTシャツ"_s},
         {u"organic cotton"_s}},
        {u"Home"_s, u"Kitchen"_s, u"Mugs"_s, Seller::Shop, Options::Colour, 890, 2490, 380,
         {u"Stoneware Mug"_s, u"Steingutbecher"_s, u"Tasse en grès"_s, u"Tazza in gres"_s, u"陶器のマグカップ"_s},
         {u"stoneware"_s, u"porcelain"_s}},
        {u"Home"_s, u"Kitchen"_s, u"Cookware"_s, Seller::Shop, Options::None, 2490, 14990, 1800,
         {u"Cast Iron Pan"_s, u"Gusseisenpfanne"_s, u"Poêle en fonte"_s, u"Padella in ghisa"_s, u"鋳鉄フライパン"_s},
         {u"cast iron"_s, u"carbon steel"_s}},
        {u"Home"_s, u"Living"_s, u"Cushions"_s, Seller::Shop, Options::Colour, 1990, 4990, 500,
         {u"Linen Cushion"_s, u"Leinenkissen"_s, u"Coussin en lin"_s, u"Cuscino in lino"_s, u"リネンクッション"_s},
         {u"linen"_s, u"wool"_s}},
        {u"Home"_s, u"Living"_s, u"Lamps"_s, Seller::Shop, Options::None, 3990, 19990, 1500,
         {u"Table Lamp"_s, u"Tischleuchte"_s, u"Lampe de table"_s, u"Lampada da tavolo"_s, u"テーブルランプ"_s},
         {u"brass"_s, u"ceramic"_s}},
        {u"Outdoor"_s, u"Camping"_s, u"Tents"_s, Seller::Outdoor, Options::None, 14990, 59990, 2800,
         {u"Trekking Tent"_s, u"Kuppelzelt"_s, u"Tente de randonnée"_s, u"Tenda da trekking"_s, u"トレッキングテント"_s},
         {u"ripstop nylon"_s}},
        {u"Outdoor"_s, u"Camping"_s, u"Sleeping Bags"_s, Seller::Outdoor, Options::None, 7990, 34990, 1200,
         {u"Down Sleeping Bag"_s, u"Daunenschlafsack"_s, u"Sac de couchage"_s, u"Sacco a pelo"_s, u"ダウンシュラフ"_s},
         {u"goose down"_s, u"synthetic fill"_s}},
        {u"Outdoor"_s, u"Hiking"_s, u"Backpacks"_s, Seller::Outdoor, Options::Colour, 5990, 24990, 1100,
         {u"Hiking Backpack"_s, u"Wanderrucksack"_s, u"Sac à dos"_s, u"Zaino da escursione"_s, u"登山リュック"_s},
         {u"cordura"_s, u"canvas"_s}},
        {u"Outdoor"_s, u"Hiking"_s, u"Boots"_s, Seller::Outdoor, Options::ShoeSize, 9990, 27990, 1300,
         {u"Hiking Boots"_s, u"Wanderschuhe"_s, u"Chaussures de marche"_s, u"Scarponi da trekking"_s, u"登山靴"_s},
         {u"nubuck leather"_s, u"suede"_s}},
        {u"Food & Drink"_s, u"Tea"_s, u"Green Tea"_s, Seller::Tea, Options::Weight, 690, 3490, 100,
         {u"Sencha Green Tea"_s, u"Grüner Tee Sencha"_s, u"Thé vert Sencha"_s, u"Tè verde Sencha"_s, u"煎茶"_s},
         {u"loose leaf"_s}},
        {u"Food & Drink"_s, u"Tea"_s, u"Black Tea"_s, Seller::Tea, Options::Weight, 590, 2990, 100,
         {u"Assam Black Tea"_s, u"Schwarzer Tee Assam"_s, u"Thé noir Assam"_s, u"Tè nero Assam"_s, u"アッサム紅茶"_s},
         {u"loose leaf"_s}},
        {u"Food & Drink"_s, u"Pantry"_s, u"Honey"_s, Seller::Shop, Options::None, 790, 2490, 500,
         {u"Wildflower Honey"_s, u"Blütenhonig"_s, u"Miel de fleurs"_s, u"Miele millefiori"_s, u"はちみつ"_s},
         {u"raw honey"_s}},
        {u"Accessories"_s, u"Leather"_s, u"Wallets"_s, Seller::Leather, Options::Colour, 3990, 12990, 150,
         {u"Leather Wallet"_s, u"Lederbörse"_s, u"Portefeuille en cuir"_s, u"Portafoglio in pelle"_s, u"革財布"_s},
         {u"full-grain leather"_s}},
        {u"Accessories"_s, u"Leather"_s, u"Belts"_s, Seller::Leather, Options::SizeColour, 2990, 8990, 250,
         {u"Leather Belt"_s, u"Ledergürtel"_s, u"Ceinture en cuir"_s, u"Cintura in pelle"_s, u"革ベルト"_s},
         {u"vegetable-tanned leather"_s}},
        {u"Accessories"_s, u"Leather"_s, u"Bags"_s, Seller::Leather, Options::Colour, 9990, 39990, 900,
         {u"Leather Tote"_s, u"Ledertasche"_s, u"Sac cabas en cuir"_s, u"Borsa in pelle"_s, u"革のトートバッグ"_s},
         {u"full-grain leather"_s}},
    };
    return list;
}

const QStringList kStyles{u"Classic"_s, u"Heritage"_s, u"Urban"_s,  u"Alpine"_s, u"Coastal"_s, u"Studio"_s,
                          u"Nordic"_s,  u"Vintage"_s,  u"Essential"_s, u"Riviera"_s, u"Kyoto"_s, u"Atelier"_s};
const QStringList kBrands{u"Nordhem"_s, u"Maison Lumière"_s, u"Bergwerk"_s, u"Sakura Line"_s, u"Fjord & Fell"_s,
                          u"Casa Verde"_s};
const QStringList kColours{u"Black"_s, u"White"_s, u"Navy"_s, u"Olive"_s, u"Sand"_s, u"Red"_s, u"Grey"_s};
const QStringList kSizes{u"XS"_s, u"S"_s, u"M"_s, u"L"_s, u"XL"_s};
const QStringList kWeights{u"50 g"_s, u"100 g"_s, u"250 g"_s, u"500 g"_s};

QString description(Language language, const QString &noun, const QString &material, const QString &brand)
{
    switch (language) {
    case German:
        return u"%1 aus %2 von %3. Sorgfältig verarbeitet und für jeden Tag gemacht."_s.arg(noun, material, brand);
    case French:
        return u"%1 en %2 signé %3. Fabriqué avec soin pour durer."_s.arg(noun, material, brand);
    case Italian:
        return u"%1 in %2 di %3. Realizzato con cura, pensato per ogni giorno."_s.arg(noun, material, brand);
    case Japanese:
        return u"%3の%1。素材は%2で、毎日使える丁寧な作りです。"_s.arg(noun, material, brand);
    case English:
    case LanguageCount:
        break;
    }
    return u"%1 in %2 by %3, made with care for everyday use."_s.arg(noun, material, brand);
}

// A price that ends like shop prices do: .90, .99 or .50.
qint64 shopPrice(QRandomGenerator &random, int minCents, int maxCents)
{
    static const int endings[] = {90, 99, 50};
    const qint64 whole = random.bounded(minCents / 100, maxCents / 100 + 1);
    return whole * 100 + endings[random.bounded(3)];
}

QString money(qint64 cents)
{
    return u"%1.%2"_s.arg(cents / 100).arg(cents % 100, 2, 10, QChar(u'0'));
}

// Numbers from GS1's in-store range (prefix 20-29), so they never clash with
// goods from a real supplier.
QString demoBarcode(qint64 serial)
{
    const QString digits = u"28"_s + u"%1"_s.arg(serial, 10, 10, QChar(u'0'));
    return digits + QString::number(Barcode::checkDigit(digits));
}

QList<QJsonObject> optionSets(Options kind, QRandomGenerator &random)
{
    QList<QJsonObject> sets;
    const int count = random.bounded(1, 5); // 1 to 4 variants
    switch (kind) {
    case Options::None:
        sets.append(QJsonObject());
        return sets;
    case Options::SizeColour: {
        const QString colour = kColours[random.bounded(int(kColours.size()))];
        const int first = random.bounded(int(kSizes.size()) - count + 1);
        for (int i = 0; i < count; ++i)
            sets.append({{u"Size"_s, kSizes[first + i]}, {u"Colour"_s, colour}});
        return sets;
    }
    case Options::Colour: {
        const int first = random.bounded(int(kColours.size()) - count + 1);
        for (int i = 0; i < count; ++i)
            sets.append({{u"Colour"_s, kColours[first + i]}});
        return sets;
    }
    case Options::Weight:
        for (int i = 0; i < count; ++i)
            sets.append({{u"Weight"_s, kWeights[i]}});
        return sets;
    case Options::ShoeSize: {
        const int first = random.bounded(38, 46 - count);
        for (int i = 0; i < count; ++i)
            sets.append({{u"EU size"_s, QString::number(first + i)}});
        return sets;
    }
    }
    return sets;
}

Error cancelled()
{
    return Error::make(ErrorCode::Cancelled,
                       QCoreApplication::translate("DemoShop", "Filling the demo shop was cancelled; nothing was written."));
}

} // namespace

Result<bool> DemoCatalog::existsInTransaction(Connection &connection)
{
    Result<QVariant> found = connection.scalar(
        u"SELECT id FROM product_variants WHERE sku LIKE ? LIMIT 1"_s, {QString::fromUtf16(kSkuPrefix) + u'%'});
    if (!found)
        return found.error();
    return !found.value().isNull();
}

Result<QList<qint64>> DemoCatalog::fillInTransaction(Connection &connection, const Session &actor, int products,
                                                     const Vendors &vendors,
                                                     const std::function<bool(int step)> &progress)
{
    Result<ShopSettings> settings = SettingsService::loadInTransaction(connection);
    if (!settings)
        return settings.error();
    const QString currency = settings->currency;

    // The tree: a root, a middle level and the leaves, found or created.
    QHash<QString, qint64> categoryIds;
    auto category = [&](const QString &path, std::optional<qint64> parent, const QString &name) -> Result<qint64> {
        if (const auto it = categoryIds.constFind(path); it != categoryIds.cend())
            return it.value();
        Result<QVariant> existing = connection.scalar(
            u"SELECT id FROM categories WHERE COALESCE(parent_id, 0) = ? AND slug = ?"_s,
            {parent.value_or(0), Slug::fromName(name)});
        if (!existing)
            return existing.error();
        qint64 id = existing.value().toLongLong();
        if (existing.value().isNull()) {
            NewCategory request;
            request.parentId = parent;
            request.name = name;
            Result<Category> created = CategoryService::createInTransaction(connection, actor, request);
            if (!created)
                return created.error();
            id = created->id;
        }
        categoryIds.insert(path, id);
        return id;
    };
    QList<qint64> leafIds;
    for (const Leaf &leaf : leaves()) {
        Result<qint64> top = category(leaf.top, std::nullopt, leaf.top);
        if (!top)
            return top.error();
        Result<qint64> middle = category(leaf.top + u'/' + leaf.middle, top.value(), leaf.middle);
        if (!middle)
            return middle.error();
        Result<qint64> id = category(leaf.top + u'/' + leaf.middle + u'/' + leaf.name, middle.value(), leaf.name);
        if (!id)
            return id.error();
        leafIds.append(id.value());
    }

    QRandomGenerator random(20261125); // the same catalog for every demo shop
    ProductImportWriter writer(connection);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const int leafCount = int(leaves().size());
    const int distinctNames = leafCount * LanguageCount * int(kStyles.size()) * int(kBrands.size());
    QList<qint64> ids;
    ids.reserve(products);
    qint64 serial = 0;
    for (int i = 0; i < products; ++i) {
        const int leafIndex = i % leafCount;
        const Leaf &leaf = leaves()[leafIndex];
        const auto language = Language((i / leafCount) % LanguageCount);
        const QString &style = kStyles[(i / (leafCount * LanguageCount)) % kStyles.size()];
        const QString &brand =
            kBrands[(i / (leafCount * LanguageCount * int(kStyles.size()))) % kBrands.size()];
        const QString &noun = leaf.nouns[language];
        const QString &material = leaf.materials[random.bounded(int(leaf.materials.size()))];

        ProductDraft draft;
        draft.name = language == Japanese ? brand + u' ' + noun + u'・' + style : brand + u' ' + noun + u' ' + style;
        draft.description = description(language, noun, material, brand);
        draft.brand = brand;
        draft.categoryId = leafIds[leafIndex];
        switch (leaf.seller) {
        case Seller::Leather:
            draft.vendorId = vendors.leather;
            break;
        case Seller::Tea:
            draft.vendorId = vendors.tea;
            break;
        case Seller::Outdoor:
            draft.vendorId = vendors.outdoor;
            break;
        case Seller::Shop:
            break;
        }
        if (draft.vendorId && *draft.vendorId == 0)
            draft.vendorId.reset();
        const int roll = random.bounded(100);
        draft.status = roll < 3   ? ProductStatus::Inactive
                       : roll < 5 ? ProductStatus::OutOfStock
                       : roll < 6 ? ProductStatus::Discontinued
                                  : ProductStatus::Active;
        draft.taxClass = leaf.top == u"Food & Drink"_s ? u"reduced"_s : u"standard"_s;
        draft.attributes = QJsonObject{{u"material"_s, material}};

        const qint64 price = shopPrice(random, leaf.minPrice, leaf.maxPrice);
        const bool onSale = random.bounded(5) == 0;
        const QList<QJsonObject> sets = optionSets(leaf.options, random);
        for (qsizetype v = 0; v < sets.size(); ++v) {
            VariantDraft variant;
            variant.sku = u"%1%2-%3"_s.arg(QString::fromUtf16(kSkuPrefix)).arg(i + 1, 6, 10, QChar(u'0')).arg(v + 1);
            variant.barcode = demoBarcode(++serial);
            variant.options = sets[v];
            // Larger packs cost more; clothes cost the same in every size.
            const qint64 variantPrice = leaf.options == Options::Weight ? price * (v + 1) - (v * 100) : price;
            variant.price = money(variantPrice);
            if (onSale)
                variant.compareAt = money(variantPrice + variantPrice / 5);
            variant.cost = money(variantPrice * random.bounded(40, 61) / 100);
            variant.weightGrams = leaf.options == Options::Weight ? leaf.grams * (v + 1) : leaf.grams;
            draft.variants.append(variant);
        }
        Result<ProductService::CheckedDraft> checked = ProductService::checkDraft(draft, currency);
        if (!checked)
            return checked.error();
        QString slug = Slug::fromName(draft.name);
        if (i >= distinctNames)
            slug += u'-' + QString::number(i / distinctNames + 1);
        Result<QString> free = writer.freeSlug(slug);
        if (!free)
            return free.error();
        Result<qint64> id = writer.create(checked.value(), free.value(), now);
        if (!id)
            return id.error();
        ids.append(id.value());
        if ((i + 1) % kProgressStep == 0 || i + 1 == products)
            if (progress && !progress((i + kProgressStep) / kProgressStep))
                return cancelled();
    }
    if (Status ok = AuditLog::appendInTransaction(
            connection, AuditEntry::by(actor, u"product.imported"_s, u"products"_s,
                                       {{u"source"_s, u"demo"_s}, {u"created"_s, QString::number(products)}}));
        !ok)
        return ok.error();
    return ids;
}

Result<DemoCatalog::Stock> DemoCatalog::stockInTransaction(Connection &connection, const Session &actor)
{
    Result<qint64> store = InventoryLedger::defaultLocationId(connection);
    if (!store)
        return store.error();
    Result<QVariant> existingBack = connection.scalar(u"SELECT id FROM locations WHERE upper(code) = 'BACK'"_s);
    if (!existingBack)
        return existingBack.error();
    qint64 back = existingBack.value().toLongLong();
    if (existingBack.value().isNull()) {
        Result<Location> added = InventoryLedger::addLocationInTransaction(
            connection, actor, u"BACK"_s, QCoreApplication::translate("DemoCatalog", "Back room"));
        if (!added)
            return added.error();
        back = added->id;
    }
    Result<QSqlQuery> rows = connection.exec(u"SELECT id FROM product_variants WHERE sku LIKE ? ORDER BY id"_s,
                                             {QString::fromUtf16(kSkuPrefix) + u'%'});
    if (!rows)
        return rows.error();
    QList<qint64> variants;
    while (rows.value().next())
        variants.append(rows.value().value(0).toLongLong());
    rows.value().finish();

    // The demo catalog already carries costs, so the receipts leave the
    // moving average where it is (no unit cost on the lines).
    QRandomGenerator random(20261126);
    Stock stock;
    QList<StockLine> storeLines;
    QList<StockLine> backLines;
    QList<StockLine> sold;
    for (qint64 variant : std::as_const(variants)) {
        const int roll = int(random.bounded(100));
        if (roll < 6) {
            ++stock.outOfStock;
            continue;
        }
        ++stock.variants;
        if (roll < 20) {
            storeLines.append({variant, 1 + random.bounded(10), {}});
            ++stock.low;
            continue;
        }
        storeLines.append({variant, 11 + random.bounded(50), {}});
        if (roll < 60)
            backLines.append({variant, 6 + random.bounded(40), {}});
        if (roll >= 95)
            sold.append({variant, 1 + random.bounded(3), {}});
    }
    const QString supplier = QCoreApplication::translate("DemoCatalog", "Opening stock");
    if (!storeLines.isEmpty())
        if (Result<qint64> r = InventoryLedger::receiveInTransaction(connection, actor, store.value(), supplier,
                                                                      u"OPEN-1"_s, storeLines, {});
            !r)
            return r.error();
    if (!backLines.isEmpty())
        if (Result<qint64> r = InventoryLedger::receiveInTransaction(connection, actor, back, supplier, u"OPEN-2"_s,
                                                                      backLines, {});
            !r)
            return r.error();
    // A little history for the movement list.
    for (qsizetype i = 0; i < sold.size(); ++i)
        if (Status ok = InventoryLedger::sellInTransaction(connection, actor, store.value(), {sold[i]},
                                                           {u"order"_s, qint64(i + 1)});
            !ok)
            return ok.error();
    if (!backLines.isEmpty()) {
        const StockLine first = backLines.first();
        if (Result<qint64> moved = InventoryLedger::transferInTransaction(
                connection, actor, back, store.value(), {{first.variantId, std::min<qint64>(first.quantity, 5), {}}},
                QCoreApplication::translate("DemoCatalog", "Shelf refill"));
            !moved)
            return moved.error();
        if (Status ok = InventoryLedger::adjustInTransaction(
                connection, actor, first.variantId, back, MovementReason::Damaged, 1,
                QCoreApplication::translate("DemoCatalog", "Box crushed in delivery"));
            !ok)
            return ok.error();
    }
    return stock;
}

} // namespace sk
