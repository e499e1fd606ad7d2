#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "core/Result.h"

#include <QCoro/QCoroTask>
#include <QFuture>
#include <QWidget>
#include <optional>

class QAction;
class QPushButton;
class QTreeView;

namespace sk {

class CategoryTreeModel;

// The category tree beside the product table. Choosing a category filters
// the table to it and everything below it. Administrators also rearrange the
// tree by drag and drop and add, rename, deactivate and reactivate
// categories; everyone else only chooses.
class CategoryPanel : public QWidget {
    Q_OBJECT

public:
    CategoryPanel(const Services &services, const Session &session, QWidget *parent = nullptr);

    CategoryTreeModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    bool mayEdit() const { return m_mayEdit; }

    // Starts loading the tree.
    void start();
    // Empty for "All categories" (or nothing chosen).
    std::optional<qint64> selectedCategory() const;
    bool selectCategory(std::optional<qint64> categoryId);

public slots:
    void newCategory();
    void renameCategory();
    void toggleActive();

signals:
    void categorySelected(std::optional<qint64> categoryId);
    // A change went through: what happened, in a sentence.
    void changed(const QString &doneText);

private:
    QCoro::Task<> createNamed(std::optional<qint64> parentId, QString name);
    QCoro::Task<> apply(QFuture<Status> change, QString title, QString doneText);
    void updateActions();

    Services m_services;
    Session m_session;
    bool m_mayEdit;
    CategoryTreeModel *m_model;
    QTreeView *m_view;
    QPushButton *m_newButton;
    QPushButton *m_renameButton;
    QPushButton *m_activeButton;
    QAction *m_newAction;
    QAction *m_renameAction;
    QAction *m_activeAction;
    std::optional<qint64> m_selectAfterLoad;
    bool m_started = false;
};

} // namespace sk
