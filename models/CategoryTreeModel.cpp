#include "CategoryTreeModel.h"

#include "auth/Permissions.h"
#include "catalog/CategoryService.h"

#include <QFont>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QMimeData>
#include <QPalette>
#include <QPromise>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

template<typename T, typename Accept>
void whenFinished(QObject *context, QFuture<T> future, Accept accept)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcher<T>::finished, context, [watcher, accept = std::move(accept)] {
        watcher->deleteLater();
        accept(watcher->result());
    });
    watcher->setFuture(future);
}

template<typename T>
QFuture<T> readyFuture(T value)
{
    return QtFuture::makeReadyFuture(std::move(value));
}

QList<qint64> decodeIds(const QMimeData *data)
{
    QList<qint64> ids;
    if (!data || !data->hasFormat(CategoryTreeModel::MimeType))
        return ids;
    const QList<QByteArray> parts = data->data(CategoryTreeModel::MimeType).split(',');
    for (const QByteArray &part : parts) {
        bool ok = false;
        const qint64 id = part.toLongLong(&ok);
        if (ok && id > 0)
            ids.append(id);
    }
    return ids;
}

} // namespace

int CategoryTreeModel::Node::row() const
{
    if (!parent)
        return 0;
    for (size_t i = 0; i < parent->children.size(); ++i)
        if (parent->children[i].get() == this)
            return int(i);
    return -1;
}

CategoryTreeModel::CategoryTreeModel(std::shared_ptr<CategoryService> categories, QObject *parent)
    : QAbstractItemModel(parent), m_categories(std::move(categories)), m_root(std::make_unique<Node>())
{
    auto all = std::make_unique<Node>();
    all->parent = m_root.get();
    m_root->children.push_back(std::move(all));
}

CategoryTreeModel::~CategoryTreeModel() = default;

void CategoryTreeModel::setSession(const Session &session)
{
    m_session = session;
    reload();
}

void CategoryTreeModel::reload()
{
    // Levels still on their way belong to the previous load.
    ++m_generation;
    m_loadingLevels.clear();
    m_pendingLevels = 0;
    if (m_session.isValid())
        requestLevel(m_generation, std::nullopt);
}

bool CategoryTreeModel::mayEdit() const
{
    return isAllowed(m_session.role, Permission::ManageAllProducts);
}

void CategoryTreeModel::requestLevel(quint64 generation, std::optional<qint64> parentId)
{
    ++m_pendingLevels;
    whenFinished(this, m_categories->children(m_session, parentId),
                 [this, generation, parentId](const Result<QList<Category>> &result) {
                     acceptLevel(generation, parentId, result);
                 });
}

void CategoryTreeModel::acceptLevel(quint64 generation, std::optional<qint64> parentId,
                                    const Result<QList<Category>> &result)
{
    if (generation != m_generation)
        return;
    --m_pendingLevels;
    if (!result) {
        // One sentence is enough: the rest of this load is abandoned.
        ++m_generation;
        m_pendingLevels = 0;
        m_loadingLevels.clear();
        emit loadFailed(result.error().message, result.error().details);
        return;
    }
    m_loadingLevels.insert(parentId.value_or(0), result.value());
    for (const Category &category : result.value())
        requestLevel(generation, category.id);
    if (m_pendingLevels == 0)
        publishLoadedTree();
}

void CategoryTreeModel::publishLoadedTree()
{
    beginResetModel();
    Node *all = m_root->children.front().get();
    all->children.clear();
    m_nodes.clear();
    // Breadth first from the top level; a level whose parent was not read
    // (changed meanwhile) is left out rather than shown in the wrong place.
    QList<Node *> queue{all};
    while (!queue.isEmpty()) {
        Node *parent = queue.takeFirst();
        const QList<Category> level = m_loadingLevels.value(parent->category.id);
        for (const Category &category : level) {
            if (m_nodes.contains(category.id))
                continue;
            auto child = std::make_unique<Node>();
            child->category = category;
            child->parent = parent;
            m_nodes.insert(category.id, child.get());
            queue.append(child.get());
            parent->children.push_back(std::move(child));
        }
    }
    m_loadingLevels.clear();
    m_loaded = true;
    endResetModel();
    emit loaded();
}

CategoryTreeModel::Node *CategoryTreeModel::nodeAt(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex CategoryTreeModel::indexOfNode(const Node *node) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), 0, const_cast<Node *>(node));
}

CategoryTreeModel::Node *CategoryTreeModel::nodeFor(std::optional<qint64> categoryId) const
{
    if (!categoryId || *categoryId == 0)
        return m_root->children.front().get();
    return m_nodes.value(*categoryId, nullptr);
}

QModelIndex CategoryTreeModel::allCategoriesIndex() const
{
    return createIndex(0, 0, m_root->children.front().get());
}

QModelIndex CategoryTreeModel::indexOf(qint64 categoryId) const
{
    return indexOfNode(nodeFor(categoryId));
}

std::optional<qint64> CategoryTreeModel::categoryIdAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return std::nullopt;
    const qint64 id = nodeAt(index)->category.id;
    return id == 0 ? std::nullopt : std::optional<qint64>(id);
}

std::optional<Category> CategoryTreeModel::category(qint64 categoryId) const
{
    const Node *node = m_nodes.value(categoryId, nullptr);
    return node ? std::optional<Category>(node->category) : std::nullopt;
}

QList<std::pair<qint64, QString>> CategoryTreeModel::categoryPaths() const
{
    QList<std::pair<qint64, QString>> paths;
    const auto visit = [&paths](const auto &self, const Node *node, const QString &prefix) -> void {
        for (const auto &child : node->children) {
            const QString path = prefix.isEmpty() ? child->category.name
                                                  : tr("%1 › %2").arg(prefix, child->category.name);
            paths.append({child->category.id, path});
            self(self, child.get(), path);
        }
    };
    visit(visit, m_root->children.front().get(), QString());
    return paths;
}

QFuture<Result<Category>> CategoryTreeModel::createCategory(const NewCategory &category)
{
    return m_categories->create(m_session, category).then(this, [this](const Result<Category> &created) {
        if (!created)
            return created;
        Node *parent = nodeFor(created->parentId);
        if (parent && !m_nodes.contains(created->id)) {
            const int row = int(parent->children.size());
            beginInsertRows(indexOfNode(parent), row, row);
            auto child = std::make_unique<Node>();
            child->category = created.value();
            child->parent = parent;
            m_nodes.insert(created->id, child.get());
            parent->children.push_back(std::move(child));
            endInsertRows();
        }
        emit categoryChanged(created->id);
        return created;
    });
}

QFuture<Status> CategoryTreeModel::renameCategory(qint64 categoryId, const QString &name)
{
    return m_categories->rename(m_session, categoryId, name).then(this, [this, categoryId](const Status &status) {
        if (!status)
            return status;
        // The service trims the name and renews the slug: read them back.
        whenFinished(this, m_categories->get(m_session, categoryId), [this, categoryId](const Result<Category> &fresh) {
            Node *node = m_nodes.value(categoryId, nullptr);
            if (!fresh || !node)
                return;
            node->category = fresh.value();
            const QModelIndex changed = indexOfNode(node);
            emit dataChanged(changed, changed);
            emit categoryChanged(categoryId);
        });
        return status;
    });
}

QFuture<Status> CategoryTreeModel::setCategoryActive(qint64 categoryId, bool active)
{
    return m_categories->setActive(m_session, categoryId, active)
        .then(this, [this, categoryId, active](const Status &status) {
            Node *node = m_nodes.value(categoryId, nullptr);
            if (!status || !node)
                return status;
            node->category.isActive = active;
            const QModelIndex changed = indexOfNode(node);
            emit dataChanged(changed, changed);
            emit categoryChanged(categoryId);
            return status;
        });
}

QFuture<Status> CategoryTreeModel::moveCategory(qint64 categoryId, std::optional<qint64> newParentId, int row)
{
    Node *node = m_nodes.value(categoryId, nullptr);
    Node *target = nodeFor(newParentId);
    if (!node || !target)
        return readyFuture(Status(Error::make(
            ErrorCode::NotFound, tr("The category is no longer in the list. Refresh the list and try again."))));
    if (newParentId && *newParentId == 0)
        newParentId.reset();

    // The new order of the target level, with the category at `row` (in the
    // level's rows before the move, as a view counts them when dropping).
    QList<qint64> order;
    for (const auto &child : target->children)
        order.append(child->category.id);
    const qsizetype from = order.indexOf(categoryId);
    qsizetype to = row < 0 || row > order.size() ? order.size() : row;
    if (from >= 0) {
        order.removeAt(from);
        if (to > from)
            --to;
    }
    to = std::min(to, order.size());
    order.insert(to, categoryId);
    const bool sameParent = node->parent == target;
    const bool lastAnyway = to == order.size() - 1;

    auto promise = std::make_shared<QPromise<Status>>();
    promise->start();
    QFuture<Status> done = promise->future();
    const auto finish = [this, promise, categoryId](const Status &status) {
        if (status)
            emit categoryChanged(categoryId);
        promise->addResult(status);
        promise->finish();
    };
    const auto reorder = [this, newParentId, order, finish] {
        whenFinished(this, m_categories->reorder(m_session, newParentId, order),
                     [this, newParentId, order, finish](const Status &status) {
                         if (status)
                             applyOrder(newParentId, order);
                         finish(status);
                     });
    };
    if (sameParent) {
        if (from == to)
            finish(Status::success());
        else
            reorder();
        return done;
    }
    whenFinished(this, m_categories->move(m_session, categoryId, newParentId),
                 [this, categoryId, newParentId, finish, reorder, lastAnyway](const Status &status) {
                     if (!status) {
                         finish(status);
                         return;
                     }
                     applyMove(categoryId, newParentId);
                     // The service appends a moved category; a drop between
                     // two categories asks for a place of its own.
                     if (lastAnyway)
                         finish(status);
                     else
                         reorder();
                 });
    return done;
}

void CategoryTreeModel::applyMove(qint64 categoryId, std::optional<qint64> newParentId)
{
    Node *node = m_nodes.value(categoryId, nullptr);
    Node *target = nodeFor(newParentId);
    if (!node || !target || node->parent == target)
        return;
    // The tree holds no cycles: the service refused those.
    for (const Node *up = target; up; up = up->parent)
        if (up == node)
            return;
    Node *source = node->parent;
    const int from = node->row();
    const int to = int(target->children.size());
    beginMoveRows(indexOfNode(source), from, from, indexOfNode(target), to);
    std::unique_ptr<Node> moved = std::move(source->children[size_t(from)]);
    source->children.erase(source->children.begin() + from);
    moved->parent = target;
    moved->category.parentId = newParentId;
    moved->category.position = to;
    target->children.push_back(std::move(moved));
    for (size_t i = 0; i < source->children.size(); ++i)
        source->children[i]->category.position = int(i);
    endMoveRows();
}

void CategoryTreeModel::applyOrder(std::optional<qint64> parentId, const QList<qint64> &orderedIds)
{
    Node *parent = nodeFor(parentId);
    if (!parent)
        return;
    const QModelIndex parentIndex = indexOfNode(parent);
    for (int wanted = 0; wanted < orderedIds.size() && wanted < int(parent->children.size()); ++wanted) {
        int current = wanted;
        while (current < int(parent->children.size())
               && parent->children[size_t(current)]->category.id != orderedIds[wanted])
            ++current;
        if (current == int(parent->children.size()) || current == wanted)
            continue;
        beginMoveRows(parentIndex, current, current, parentIndex, wanted);
        std::unique_ptr<Node> moved = std::move(parent->children[size_t(current)]);
        parent->children.erase(parent->children.begin() + current);
        parent->children.insert(parent->children.begin() + wanted, std::move(moved));
        endMoveRows();
    }
    for (size_t i = 0; i < parent->children.size(); ++i)
        parent->children[i]->category.position = int(i);
}

QModelIndex CategoryTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    const Node *node = nodeAt(parent);
    if (row >= int(node->children.size()))
        return {};
    return createIndex(row, 0, node->children[size_t(row)].get());
}

QModelIndex CategoryTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(nodeAt(child)->parent);
}

int CategoryTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeAt(parent)->children.size());
}

int CategoryTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant CategoryTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *node = nodeAt(index);
    const Category &category = node->category;
    const bool all = category.id == 0;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole: return all ? tr("All categories") : category.name;
    case Qt::ToolTipRole:
        if (all)
            return tr("Products of every category, and those without one.");
        if (!category.isActive)
            return tr("%1 is deactivated: the online shop does not show it.").arg(category.name);
        return category.description.isEmpty() ? QVariant() : QVariant(category.description);
    case Qt::FontRole:
        if (all) {
            QFont font;
            font.setBold(true);
            return font;
        }
        if (!category.isActive) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        // Without a GUI (tests, tools) there is no palette to ask.
        if (!category.isActive && !all && qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
            return QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    case CategoryIdRole: return category.id;
    case IsActiveRole: return all || category.isActive;
    case IsAllCategoriesRole: return all;
    case SlugRole: return category.slug;
    default: return {};
    }
}

Qt::ItemFlags CategoryTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (mayEdit()) {
        flags |= Qt::ItemIsDropEnabled;
        if (nodeAt(index)->category.id != 0)
            flags |= Qt::ItemIsDragEnabled;
    }
    return flags;
}

Qt::DropActions CategoryTreeModel::supportedDragActions() const
{
    return Qt::MoveAction;
}

Qt::DropActions CategoryTreeModel::supportedDropActions() const
{
    return Qt::MoveAction;
}

QStringList CategoryTreeModel::mimeTypes() const
{
    return {MimeType};
}

QMimeData *CategoryTreeModel::mimeData(const QModelIndexList &indexes) const
{
    QByteArrayList ids;
    for (const QModelIndex &index : indexes)
        if (const std::optional<qint64> id = categoryIdAt(index))
            ids.append(QByteArray::number(*id));
    if (ids.isEmpty())
        return nullptr;
    auto *data = new QMimeData;
    data->setData(MimeType, ids.join(','));
    return data;
}

bool CategoryTreeModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                        const QModelIndex &parent) const
{
    // Between rows at the level of "All categories" there is nothing to drop into.
    return mayEdit() && action == Qt::MoveAction && parent.isValid() && !decodeIds(data).isEmpty();
}

bool CategoryTreeModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                                     const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    // One category at a time: a tree view drags its current item.
    const qint64 categoryId = decodeIds(data).constFirst();
    whenFinished(this, moveCategory(categoryId, categoryIdAt(parent), row), [this](const Status &status) {
        if (!status)
            emit dropFailed(status.error().message, status.error().details);
    });
    // The rows move once the service agrees, not now: the view must not
    // remove the dragged row itself.
    return false;
}

} // namespace sk
