#pragma once

#include "auth/Session.h"
#include "catalog/Category.h"
#include "core/Result.h"

#include <QAbstractItemModel>
#include <QFuture>
#include <QHash>
#include <memory>
#include <optional>
#include <vector>

namespace sk {

class CategoryService;

// The category tree under one "All categories" row, loaded all at once (a
// shop has hundreds of categories, not millions) level by level from
// CategoryService::children on a database reader.
//
// Administrators rearrange it by drag and drop: dropping on a category moves
// the dragged one under it (CategoryService::move), dropping between
// categories places it there (move when the parent changes, then reorder).
// The model changes only once the service has agreed, so a refused change
// (a category into its own subcategory, a level changed by someone else)
// leaves the tree as it was and dropFailed() carries the service's sentence.
class CategoryTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum ItemRole { CategoryIdRole = Qt::UserRole + 1, IsActiveRole, IsAllCategoriesRole, SlugRole };

    static inline const QString MimeType = QStringLiteral("application/x-storekeeper-category-ids");

    explicit CategoryTreeModel(std::shared_ptr<CategoryService> categories, QObject *parent = nullptr);
    ~CategoryTreeModel() override;

    // Who is asking; starts loading. Only sessions that may manage every
    // product may drag categories.
    void setSession(const Session &session);
    // Reads the whole tree again.
    void reload();

    bool isLoaded() const { return m_loaded; }
    bool isLoading() const { return m_pendingLevels > 0; }
    int categoryCount() const { return int(m_nodes.size()); }

    // The "All categories" row.
    QModelIndex allCategoriesIndex() const;
    // Invalid when the category is not in the tree; 0 is "All categories".
    QModelIndex indexOf(qint64 categoryId) const;
    // Empty for "All categories" (and invalid indexes).
    std::optional<qint64> categoryIdAt(const QModelIndex &index) const;
    std::optional<Category> category(qint64 categoryId) const;
    // Every category in tree order with its path ("Men › Shoes"), for
    // choosers.
    QList<std::pair<qint64, QString>> categoryPaths() const;

    // Each applies the change to the tree once the service has agreed; the
    // returned Status says whether it did.
    QFuture<Result<Category>> createCategory(const NewCategory &category);
    QFuture<Status> renameCategory(qint64 categoryId, const QString &name);
    QFuture<Status> setCategoryActive(qint64 categoryId, bool active);
    // Under newParentId (empty: the top level) before row (-1: last).
    QFuture<Status> moveCategory(qint64 categoryId, std::optional<qint64> newParentId, int row = -1);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    Qt::DropActions supportedDragActions() const override;
    Qt::DropActions supportedDropActions() const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

signals:
    void loaded();
    void loadFailed(const QString &message, const QString &details);
    // A drag-and-drop change the service refused, with its sentence.
    void dropFailed(const QString &message, const QString &details);
    // After a change made through this model has been applied.
    void categoryChanged(qint64 categoryId);

private:
    struct Node {
        Category category; // id 0: "All categories"
        Node *parent = nullptr;
        std::vector<std::unique_ptr<Node>> children;
        int row() const;
    };

    void requestLevel(quint64 generation, std::optional<qint64> parentId);
    void acceptLevel(quint64 generation, std::optional<qint64> parentId, const Result<QList<Category>> &result);
    void publishLoadedTree();
    Node *nodeAt(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *node) const;
    Node *nodeFor(std::optional<qint64> categoryId) const;
    void applyMove(qint64 categoryId, std::optional<qint64> newParentId);
    void applyOrder(std::optional<qint64> parentId, const QList<qint64> &orderedIds);
    bool mayEdit() const;

    std::shared_ptr<CategoryService> m_categories;
    Session m_session;
    // m_root is invisible; its only child is "All categories", whose
    // children are the top-level categories.
    std::unique_ptr<Node> m_root;
    QHash<qint64, Node *> m_nodes;

    // The tree being read; swapped in whole when its last level arrives.
    QHash<qint64, QList<Category>> m_loadingLevels; // by parent id, 0 = top level
    int m_pendingLevels = 0;
    quint64 m_generation = 0;
    bool m_loaded = false;
};

} // namespace sk
