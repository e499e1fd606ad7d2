#include "CatalogGenerator.h"

#include "catalog/Barcode.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace sk::bench {

namespace {

// Most of a shop's names are in its own language; a fifth come from
// suppliers abroad, in other scripts.
const QStringList kAdjectives{
    u"Red"_s, u"Blue"_s, u"Green"_s, u"Black"_s, u"White"_s, u"Grey"_s, u"Wireless"_s, u"Organic"_s, u"Classic"_s,
    u"Vintage"_s, u"Premium"_s, u"Compact"_s, u"Portable"_s, u"Ergonomic"_s, u"Stainless"_s, u"Waterproof"_s,
    u"Smart"_s, u"Deluxe"_s, u"Mini"_s, u"Large"_s, u"Soft"_s, u"Heavy-Duty"_s, u"Lightweight"_s, u"Foldable"_s,
    u"Handmade"_s, u"Rustic"_s, u"Modern"_s, u"Nordic"_s, u"Bamboo"_s, u"Ceramic"_s, u"Leather"_s, u"Linen"_s,
    u"Wool"_s, u"Cotton"_s, u"Glass"_s, u"Copper"_s, u"Oak"_s, u"Velvet"_s, u"Striped"_s, u"Quilted"_s};
const QStringList kNouns{
    u"Shirt"_s, u"Jacket"_s, u"Headphones"_s, u"Kettle"_s, u"Backpack"_s, u"Lamp"_s, u"Chair"_s, u"Mug"_s,
    u"Notebook"_s, u"Speaker"_s, u"Watch"_s, u"Blender"_s, u"Sneakers"_s, u"Scarf"_s, u"Candle"_s, u"Keyboard"_s,
    u"Mouse"_s, u"Blanket"_s, u"Bottle"_s, u"Tent"_s, u"Teapot"_s, u"Wallet"_s, u"Sunglasses"_s, u"Pillow"_s,
    u"Towel"_s, u"Frying Pan"_s, u"Cutting Board"_s, u"Desk"_s, u"Bookshelf"_s, u"Umbrella"_s, u"Gloves"_s,
    u"Hoodie"_s, u"Jeans"_s, u"Dress"_s, u"Belt"_s, u"Charger"_s, u"Cable"_s, u"Router"_s, u"Camera"_s,
    u"Tripod"_s, u"Yoga Mat"_s, u"Dumbbell"_s, u"Bicycle Bell"_s, u"Plant Pot"_s, u"Vase"_s, u"Clock"_s,
    u"Toaster"_s, u"Grinder"_s, u"Socks"_s, u"Cap"_s};
const QStringList kForeignNames{
    u"Kaffeemühle"_s, u"Wanderschuhe"_s, u"Küchenmesser"_s, u"Regenjacke"_s, u"Schreibtischlampe"_s,
    u"Frühstücksbrett"_s, u"Théière"_s, u"Écharpe en laine"_s, u"Sac à dos"_s, u"Bougie parfumée"_s,
    u"Ελαιόλαδο"_s, u"Μέλι θυμαρίσιο"_s, u"Τσάντα ώμου"_s, u"Κούπα"_s, u"緑茶"_s, u"急須"_s, u"弁当箱"_s,
    u"手ぬぐい"_s, u"風鈴"_s, u"Чайник"_s, u"Рюкзак"_s, u"Шарф"_s, u"Plaid écossais"_s, u"Größenset"_s};
const QStringList kMaterials{u"cotton"_s, u"steel"_s, u"oak"_s, u"bamboo"_s, u"glass"_s, u"wool"_s,
                             u"leather"_s, u"ceramic"_s, u"plastic"_s, u"linen"_s, u"copper"_s, u"silicone"_s};
const QStringList kUses{u"everyday use"_s, u"the kitchen"_s, u"travel"_s, u"the office"_s, u"outdoor trips"_s,
                        u"gifts"_s, u"small flats"_s, u"the garden"_s, u"cold winters"_s, u"long workdays"_s};
const QStringList kClaims{u"Easy to clean."_s, u"Backed by a two-year warranty."_s, u"Made to last."_s,
                          u"Ships in recycled packaging."_s, u"A favourite of our regulars."_s,
                          u"Fits in any bag."_s, u"Dishwasher safe."_s, u"Hand finished in small batches."_s};
const QStringList kSyllables{u"nor"_s, u"vik"_s, u"kal"_s, u"mar"_s, u"tes"_s, u"lo"_s, u"ra"_s, u"zen"_s,
                             u"bo"_s, u"fin"_s, u"dal"_s, u"ek"_s, u"sol"_s, u"ton"_s, u"mi"_s, u"ka"_s};
const QStringList kSizes{u"S"_s, u"M"_s, u"L"_s, u"XL"_s};
const QStringList kColours{u"Red"_s, u"Black"_s, u"Sand"_s, u"Navy"_s};
const QStringList kTopCategories{u"Clothing"_s, u"Home"_s, u"Kitchen"_s, u"Electronics"_s, u"Sports"_s,
                                 u"Garden"_s, u"Books"_s, u"Toys"_s, u"Beauty"_s, u"Office"_s};
const QStringList kMidCategories{u"New"_s, u"Classics"_s, u"Accessories"_s, u"Outlet"_s, u"Premium"_s,
                                 u"Essentials"_s};
const QStringList kLeafCategories{u"Small"_s, u"Medium"_s, u"Large"_s, u"Sets"_s, u"Spare Parts"_s};
constexpr int kBrandCount = 200;

QString brandName(int index)
{
    QString name = kSyllables[index % kSyllables.size()] + kSyllables[(index / kSyllables.size()) % kSyllables.size()];
    if (index >= kSyllables.size() * kSyllables.size() / 2)
        name += kSyllables[(index * 7) % kSyllables.size()];
    name[0] = name[0].toUpper();
    return name;
}

} // namespace

CatalogGenerator::CatalogGenerator(quint64 seed, qint64 firstIndex)
    : m_random(seed), m_nextBarcode(firstIndex * kMaxVariants)
{
}

QList<GeneratedCategory> CatalogGenerator::categories()
{
    QList<GeneratedCategory> all;
    for (const QString &top : kTopCategories) {
        const int topIndex = int(all.size());
        all.append({top, -1, 0});
        for (const QString &mid : kMidCategories) {
            const int midIndex = int(all.size());
            all.append({top + u' ' + mid, topIndex, 1});
            for (const QString &leaf : kLeafCategories)
                all.append({top + u' ' + mid + u' ' + leaf, midIndex, 2});
        }
    }
    return all;
}

QStringList CatalogGenerator::vendorNames()
{
    QStringList names;
    for (int i = 0; i < kVendorCount; ++i)
        names.append(brandName(kBrandCount + i) + u" Trading"_s);
    return names;
}

int CatalogGenerator::pick(int size)
{
    return int(std::uniform_int_distribution<int>(0, size - 1)(m_random));
}

QString CatalogGenerator::word(const QStringList &list)
{
    return list[pick(int(list.size()))];
}

ProductDraft CatalogGenerator::product(qint64 index, const QList<qint64> &categoryIds, const QList<qint64> &vendorIds)
{
    ProductDraft draft;
    const int roll = pick(100);
    const QString noun = roll < 20 ? word(kForeignNames) : word(kNouns);
    draft.name = roll < 60 ? word(kAdjectives) + u' ' + noun : word(kAdjectives) + u' ' + word(kAdjectives) + u' ' + noun;
    const int brand = pick(kBrandCount);
    draft.brand = brandName(brand);
    const QString material = word(kMaterials);
    draft.description = u"A %1 in %2 for %3."_s.arg(draft.name.toLower(), material, word(kUses));
    if (pick(2) == 0)
        draft.description += u' ' + word(kClaims);
    draft.attributes = {{u"material"_s, material}};
    // Mostly leaves, some products filed at the upper levels.
    if (!categoryIds.isEmpty() && pick(20) != 0)
        draft.categoryId = categoryIds[pick(int(categoryIds.size()))];
    if (!vendorIds.isEmpty() && pick(10) < 7)
        draft.vendorId = vendorIds[pick(int(vendorIds.size()))];
    const int status = pick(100);
    draft.status = status < 90   ? ProductStatus::Active
                   : status < 94 ? ProductStatus::Inactive
                   : status < 98 ? ProductStatus::OutOfStock
                                 : ProductStatus::Discontinued;

    const int variants = 1 + pick(kMaxVariants);
    const bool sized = pick(2) == 0;
    const qint64 basePrice = 100 + pick(50000);
    const QString skuStem = u"%1-%2"_s.arg(draft.brand.left(3).toUpper()).arg(qlonglong(index), 7, 10, QChar(u'0'));
    for (int v = 0; v < variants; ++v) {
        VariantDraft variant;
        variant.sku = variants == 1 ? skuStem : skuStem + u'-' + QString::number(v + 1);
        if (variants > 1)
            variant.options = {{sized ? u"size"_s : u"colour"_s, sized ? kSizes[v] : kColours[v]}};
        const qint64 cents = basePrice + v * 150;
        variant.price = u"%1.%2"_s.arg(qlonglong(cents / 100)).arg(qlonglong(cents % 100), 2, 10, QChar(u'0'));
        // In-store range 200..., unique per variant; most goods carry one.
        if (pick(10) != 0) {
            const QString digits = u"200%1"_s.arg(qlonglong(m_nextBarcode++), 9, 10, QChar(u'0'));
            variant.barcode = digits + QString::number(Barcode::checkDigit(digits));
        }
        variant.weightGrams = 50 + pick(5000);
        draft.variants.append(variant);
    }
    return draft;
}

QStringList CatalogGenerator::searchWords(int count)
{
    QStringList words;
    while (words.size() < count) {
        const int kind = pick(10);
        QString chosen = kind < 5   ? word(kNouns)
                         : kind < 7 ? word(kAdjectives)
                         : kind < 8 ? word(kForeignNames)
                         : kind < 9 ? brandName(pick(kBrandCount))
                                    : brandName(pick(kBrandCount)).left(3).toUpper() + u"-00"_s;
        words.append(chosen.split(u' ').constFirst());
    }
    return words;
}

} // namespace sk::bench
