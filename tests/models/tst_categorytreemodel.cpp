// CategoryTreeModel over a real (temporary) database: the whole tree under
// "All categories", drag and drop that moves and reorders through
// CategoryService, refusals that leave the tree as it was, and the
// administrator's changes applied in place.
// storekeeper-test: postgres

#include "CategoryTreeModel.h"
#include "TestDatabase.h"
#include "auth/AuthService.h"
#include "catalog/CategoryService.h"
#include "db/Database.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace sk;

namespace {

// The model's futures finish on the GUI thread (their last step updates the
// tree there), so waiting means running its event loop.
template<typename T>
T finished(QFuture<T> future)
{
    if (!QTest::qWaitFor([&future] { return future.isFinished(); }, 5000))
        return T(Error::make(ErrorCode::Internal, u"The change did not finish within 5 seconds."_s));
    return future.result();
}

} // namespace

class TestCategoryTreeModel : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void passesTheModelTester();
    void loadsTheWholeTree();
    void dropOnACategoryMovesItUnderIt();
    void dropBetweenSiblingsReorders();
    void dropBetweenCategoriesOfAnotherLevelPlacesItThere();
    void dropOnAllCategoriesMovesToTheTopLevel();
    void refusesAMoveIntoItsOwnSubcategory();
    void onlyAdministratorsRearrange();
    void createsRenamesAndDeactivates();

private:
    Category add(const QString &name, std::optional<qint64> parent = {});
    // Men (Shoes, Shirts, Hats), Women (Dresses), Kids: ids in m_ids by name.
    void addShopTree();
    bool load(CategoryTreeModel &model, const Session &session);
    QStringList childNames(const CategoryTreeModel &model, const QModelIndex &parent) const;
    QStringList storedChildNames(std::optional<qint64> parentId);
    bool drop(CategoryTreeModel &model, const QString &name, const QModelIndex &parent, int row);

    std::unique_ptr<test::TestDatabase> m_testDatabase;
    std::shared_ptr<Database> m_database;
    std::shared_ptr<CategoryService> m_categories;
    Session m_admin;
    Session m_clerk;
    QHash<QString, qint64> m_ids;
};

void TestCategoryTreeModel::init()
{
    m_testDatabase = std::make_unique<test::TestDatabase>();
    SK_REQUIRE_DATABASE(*m_testDatabase);
    m_database = m_testDatabase->open();
    SK_REQUIRE_DATABASE(*m_testDatabase);
    m_categories = std::make_shared<CategoryService>(m_database);

    AuthService auth(m_database, PasswordHasher({10, 8, 1}));
    ShopSettings shop;
    shop.shopName = u"Corner Shop"_s;
    NewUser admin;
    admin.email = u"owner@corner.shop"_s;
    admin.password = u"Correct-horse-42"_s;
    admin.firstName = u"Olivia"_s;
    admin.lastName = u"Owner"_s;
    admin.role = Role::Admin;
    const Result<Session> session = Database::wait(auth.setUpShop(shop, admin));
    QVERIFY2(session.ok(), session.ok() ? "" : qPrintable(session.error().message));
    m_admin = session.value();
    m_clerk = m_admin;
    m_clerk.role = Role::Clerk;
    m_ids.clear();
}

void TestCategoryTreeModel::cleanup()
{
    m_categories.reset();
    m_database.reset();
    m_testDatabase.reset();
}

Category TestCategoryTreeModel::add(const QString &name, std::optional<qint64> parent)
{
    NewCategory request;
    request.name = name;
    request.parentId = parent;
    const Result<Category> created = Database::wait(m_categories->create(m_admin, request));
    if (!created) {
        qWarning() << created.error().message;
        return {};
    }
    m_ids.insert(name, created->id);
    return created.value();
}

void TestCategoryTreeModel::addShopTree()
{
    const qint64 men = add(u"Men"_s).id;
    add(u"Shoes"_s, men);
    add(u"Shirts"_s, men);
    add(u"Hats"_s, men);
    const qint64 women = add(u"Women"_s).id;
    add(u"Dresses"_s, women);
    add(u"Kids"_s);
}

bool TestCategoryTreeModel::load(CategoryTreeModel &model, const Session &session)
{
    QSignalSpy loaded(&model, &CategoryTreeModel::loaded);
    model.setSession(session);
    return loaded.wait(5000);
}

QStringList TestCategoryTreeModel::childNames(const CategoryTreeModel &model, const QModelIndex &parent) const
{
    QStringList names;
    for (int row = 0; row < model.rowCount(parent); ++row)
        names.append(model.index(row, 0, parent).data().toString());
    return names;
}

QStringList TestCategoryTreeModel::storedChildNames(std::optional<qint64> parentId)
{
    const Result<QList<Category>> children = Database::wait(m_categories->children(m_admin, parentId));
    QStringList names;
    if (children)
        for (const Category &category : children.value())
            names.append(category.name);
    return names;
}

bool TestCategoryTreeModel::drop(CategoryTreeModel &model, const QString &name, const QModelIndex &parent, int row)
{
    std::unique_ptr<QMimeData> data(model.mimeData({model.indexOf(m_ids.value(name))}));
    if (!data || !model.canDropMimeData(data.get(), Qt::MoveAction, row, 0, parent))
        return false;
    QSignalSpy changed(&model, &CategoryTreeModel::categoryChanged);
    QSignalSpy failed(&model, &CategoryTreeModel::dropFailed);
    // The rows move when the service has agreed, not during the drop.
    const QStringList before = childNames(model, parent);
    model.dropMimeData(data.get(), Qt::MoveAction, row, 0, parent);
    if (childNames(model, parent) != before)
        return false;
    return QTest::qWaitFor([&] { return !changed.isEmpty() || !failed.isEmpty(); }, 5000);
}

void TestCategoryTreeModel::passesTheModelTester()
{
    addShopTree();
    CategoryTreeModel model(m_categories);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(load(model, m_admin));
    const QModelIndex all = model.allCategoriesIndex();
    QVERIFY(drop(model, u"Kids"_s, model.indexOf(m_ids[u"Women"_s]), -1));
    QVERIFY(drop(model, u"Hats"_s, model.indexOf(m_ids[u"Men"_s]), 0));
    QVERIFY(drop(model, u"Dresses"_s, all, 0));
    QVERIFY(drop(model, u"Shoes"_s, model.indexOf(m_ids[u"Women"_s]), 1));
    NewCategory toys;
    toys.name = u"Toys"_s;
    toys.parentId = m_ids[u"Kids"_s];
    QVERIFY(finished(model.createCategory(toys)).ok());
    QTRY_VERIFY(
        model.indexOf(Database::wait(m_categories->children(m_admin, m_ids[u"Kids"_s]))->constFirst().id).isValid());
    model.reload();
    QSignalSpy loaded(&model, &CategoryTreeModel::loaded);
    QVERIFY(loaded.wait(5000));
}

void TestCategoryTreeModel::loadsTheWholeTree()
{
    addShopTree();
    add(u"Sneakers"_s, m_ids[u"Shoes"_s]);
    CategoryTreeModel model(m_categories);
    QVERIFY(load(model, m_clerk));
    QCOMPARE(model.rowCount(), 1);
    const QModelIndex all = model.allCategoriesIndex();
    QCOMPARE(all.data().toString(), u"All categories"_s);
    QVERIFY(all.data(CategoryTreeModel::IsAllCategoriesRole).toBool());
    QCOMPARE(model.categoryIdAt(all), std::nullopt);
    QCOMPARE(childNames(model, all), (QStringList{u"Men"_s, u"Women"_s, u"Kids"_s}));
    const QModelIndex men = model.indexOf(m_ids[u"Men"_s]);
    QCOMPARE(men.parent(), all);
    QCOMPARE(childNames(model, men), (QStringList{u"Shoes"_s, u"Shirts"_s, u"Hats"_s}));
    const QModelIndex shoes = model.indexOf(m_ids[u"Shoes"_s]);
    QCOMPARE(childNames(model, shoes), QStringList{u"Sneakers"_s});
    QCOMPARE(model.categoryIdAt(shoes), m_ids[u"Shoes"_s]);
    QCOMPARE(shoes.data(CategoryTreeModel::SlugRole).toString(), u"shoes"_s);
    QCOMPARE(model.categoryCount(), 8);

    const QList<std::pair<qint64, QString>> paths = model.categoryPaths();
    QCOMPARE(paths.size(), 8);
    QCOMPARE(paths.at(0).second, u"Men"_s);
    QCOMPARE(paths.at(1).second, u"Men › Shoes"_s);
    QCOMPARE(paths.at(2).second, u"Men › Shoes › Sneakers"_s);
    QCOMPARE(paths.at(2).first, m_ids[u"Sneakers"_s]);
}

void TestCategoryTreeModel::dropOnACategoryMovesItUnderIt()
{
    addShopTree();
    CategoryTreeModel model(m_categories);
    QVERIFY(load(model, m_admin));
    QVERIFY(drop(model, u"Hats"_s, model.indexOf(m_ids[u"Women"_s]), -1));
    QCOMPARE(childNames(model, model.indexOf(m_ids[u"Women"_s])), (QStringList{u"Dresses"_s, u"Hats"_s}));
    QCOMPARE(childNames(model, model.indexOf(m_ids[u"Men"_s])), (QStringList{u"Shoes"_s, u"Shirts"_s}));
    QCOMPARE(storedChildNames(m_ids[u"Women"_s]), (QStringList{u"Dresses"_s, u"Hats"_s}));
    QCOMPARE(storedChildNames(m_ids[u"Men"_s]), (QStringList{u"Shoes"_s, u"Shirts"_s}));
    QCOMPARE(model.category(m_ids[u"Hats"_s])->parentId, m_ids[u"Women"_s]);
}

void TestCategoryTreeModel::dropBetweenSiblingsReorders()
{
    addShopTree();
    CategoryTreeModel model(m_categories);
    QVERIFY(load(model, m_admin));
    const QModelIndex men = model.indexOf(m_ids[u"Men"_s]);
    // Before the first row.
    QVERIFY(drop(model, u"Hats"_s, men, 0));
    QCOMPARE(childNames(model, men), (QStringList{u"Hats"_s, u"Shoes"_s, u"Shirts"_s}));
    QCOMPARE(storedChildNames(m_ids[u"Men"_s]), (QStringList{u"Hats"_s, u"Shoes"_s, u"Shirts"_s}));
    // After the last row (row == count), from the top.
    QVERIFY(drop(model, u"Hats"_s, men, 3));
    QCOMPARE(childNames(model, men), (QStringList{u"Shoes"_s, u"Shirts"_s, u"Hats"_s}));
    QCOMPARE(storedChildNames(m_ids[u"Men"_s]), (QStringList{u"Shoes"_s, u"Shirts"_s, u"Hats"_s}));
    // Between two others.
    QVERIFY(drop(model, u"Shoes"_s, men, 2));
    QCOMPARE(childNames(model, men), (QStringList{u"Shirts"_s, u"Shoes"_s, u"Hats"_s}));
    QCOMPARE(storedChildNames(m_ids[u"Men"_s]), (QStringList{u"Shirts"_s, u"Shoes"_s, u"Hats"_s}));
    QCOMPARE(model.category(m_ids[u"Shoes"_s])->position, 1);
}

void TestCategoryTreeModel::dropBetweenCategoriesOfAnotherLevelPlacesItThere()
{
    addShopTree();
    CategoryTreeModel model(m_categories);
    QVERIFY(load(model, m_admin));
    QVERIFY(drop(model, u"Dresses"_s, model.indexOf(m_ids[u"Men"_s]), 1));
    QCOMPARE(childNames(model, model.indexOf(m_ids[u"Men"_s])),
             (QStringList{u"Shoes"_s, u"Dresses"_s, u"Shirts"_s, u"Hats"_s}));
    QTRY_COMPARE(storedChildNames(m_ids[u"Men"_s]), (QStringList{u"Shoes"_s, u"Dresses"_s, u"Shirts"_s, u"Hats"_s}));
    QCOMPARE(storedChildNames(m_ids[u"Women"_s]), QStringList());
}

void TestCategoryTreeModel::dropOnAllCategoriesMovesToTheTopLevel()
{
    addShopTree();
    CategoryTreeModel model(m_categories);
    QVERIFY(load(model, m_admin));
    QVERIFY(drop(model, u"Shirts"_s, model.allCategoriesIndex(), -1));
    QCOMPARE(childNames(model, model.allCategoriesIndex()),
             (QStringList{u"Men"_s, u"Women"_s, u"Kids"_s, u"Shirts"_s}));
    QCOMPARE(storedChildNames(std::nullopt), (QStringList{u"Men"_s, u"Women"_s, u"Kids"_s, u"Shirts"_s}));
    QCOMPARE(model.category(m_ids[u"Shirts"_s])->parentId, std::nullopt);
}

void TestCategoryTreeModel::refusesAMoveIntoItsOwnSubcategory()
{
    addShopTree();
    CategoryTreeModel model(m_categories);
    QVERIFY(load(model, m_admin));
    QSignalSpy failed(&model, &CategoryTreeModel::dropFailed);
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QVERIFY(drop(model, u"Men"_s, model.indexOf(m_ids[u"Shoes"_s]), -1));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.constFirst().constFirst().toString(),
             u"A category cannot be moved into itself or into one of its own subcategories. Choose another parent."_s);
    QCOMPARE(moved.size(), 0);
    QCOMPARE(childNames(model, model.allCategoriesIndex()), (QStringList{u"Men"_s, u"Women"_s, u"Kids"_s}));
    QCOMPARE(storedChildNames(m_ids[u"Shoes"_s]), QStringList());
}

void TestCategoryTreeModel::onlyAdministratorsRearrange()
{
    addShopTree();
    CategoryTreeModel model(m_categories);
    QVERIFY(load(model, m_clerk));
    const QModelIndex men = model.indexOf(m_ids[u"Men"_s]);
    QVERIFY(!(model.flags(men) & Qt::ItemIsDragEnabled));
    QVERIFY(!(model.flags(men) & Qt::ItemIsDropEnabled));
    QVERIFY(model.flags(men) & Qt::ItemIsSelectable);
    std::unique_ptr<QMimeData> data(model.mimeData({model.indexOf(m_ids[u"Kids"_s])}));
    QVERIFY(data);
    QVERIFY(!model.canDropMimeData(data.get(), Qt::MoveAction, -1, 0, men));
    QVERIFY(!model.dropMimeData(data.get(), Qt::MoveAction, -1, 0, men));

    CategoryTreeModel adminModel(m_categories);
    QVERIFY(load(adminModel, m_admin));
    QVERIFY(adminModel.flags(adminModel.indexOf(m_ids[u"Men"_s])) & Qt::ItemIsDragEnabled);
    QVERIFY(adminModel.flags(adminModel.allCategoriesIndex()) & Qt::ItemIsDropEnabled);
    QVERIFY(!(adminModel.flags(adminModel.allCategoriesIndex()) & Qt::ItemIsDragEnabled));
    // "All categories" cannot be dragged anywhere.
    QVERIFY(!adminModel.mimeData({adminModel.allCategoriesIndex()}));
}

void TestCategoryTreeModel::createsRenamesAndDeactivates()
{
    addShopTree();
    CategoryTreeModel model(m_categories);
    QVERIFY(load(model, m_admin));

    NewCategory boots;
    boots.name = u"Boots"_s;
    boots.parentId = m_ids[u"Shoes"_s];
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    const Result<Category> created = finished(model.createCategory(boots));
    QVERIFY(created.ok());
    QTRY_COMPARE(inserted.size(), 1);
    QCOMPARE(childNames(model, model.indexOf(m_ids[u"Shoes"_s])), QStringList{u"Boots"_s});

    QSignalSpy changed(&model, &CategoryTreeModel::categoryChanged);
    QVERIFY(finished(model.renameCategory(created->id, u"  Winter boots "_s)).ok());
    QTRY_COMPARE(model.indexOf(created->id).data().toString(), u"Winter boots"_s);
    QCOMPARE(model.indexOf(created->id).data(CategoryTreeModel::SlugRole).toString(), u"winter-boots"_s);

    const Status refused = finished(model.renameCategory(created->id, u""_s));
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().message, u"Enter a name for the category."_s);
    QCOMPARE(model.indexOf(created->id).data().toString(), u"Winter boots"_s);

    QVERIFY(finished(model.setCategoryActive(m_ids[u"Kids"_s], false)).ok());
    QTRY_VERIFY(!model.indexOf(m_ids[u"Kids"_s]).data(CategoryTreeModel::IsActiveRole).toBool());
    QVERIFY(model.indexOf(m_ids[u"Kids"_s]).data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(Database::wait(m_categories->get(m_admin, m_ids[u"Kids"_s]))->isActive == false);
}

QTEST_GUILESS_MAIN(TestCategoryTreeModel)
#include "tst_categorytreemodel.moc"
