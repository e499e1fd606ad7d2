#include "catalog/CategoryPanel.h"

#include "CategoryTreeModel.h"
#include "auth/Permissions.h"
#include "common/ErrorMessageBox.h"

#include <QAction>
#include <QCoro/QCoroFuture>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

CategoryPanel::CategoryPanel(const Services &services, const Session &session, QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_session(session),
      m_mayEdit(isAllowed(session.role, Permission::ManageAllProducts)),
      m_model(new CategoryTreeModel(services.categories, this)),
      m_view(new QTreeView(this)),
      m_newButton(new QPushButton(tr("New…"), this)),
      m_renameButton(new QPushButton(tr("Rename…"), this)),
      m_activeButton(new QPushButton(tr("Deactivate"), this)),
      m_newAction(new QAction(tr("New category…"), this)),
      m_renameAction(new QAction(tr("Rename category…"), this)),
      m_activeAction(new QAction(tr("Deactivate category"), this))
{
    setObjectName(u"categoryPanel"_s);
    m_view->setObjectName(u"categoryTree"_s);
    m_view->setModel(m_model);
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAccessibleName(tr("Categories"));
    if (m_mayEdit) {
        // DragDrop rather than InternalMove: the model moves rows itself once
        // the service agrees, and the view must never remove the dragged row.
        m_view->setDragDropMode(QAbstractItemView::DragDrop);
        m_view->setDefaultDropAction(Qt::MoveAction);
        m_view->setDropIndicatorShown(true);
        m_view->setDragEnabled(true);
        m_view->setAcceptDrops(true);
        m_view->setToolTip(tr("Drag a category onto another to move it there, or between two to reorder."));
        m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    }

    m_newButton->setObjectName(u"newCategoryButton"_s);
    m_renameButton->setObjectName(u"renameCategoryButton"_s);
    m_activeButton->setObjectName(u"toggleCategoryButton"_s);
    m_newButton->setToolTip(tr("A new category under the chosen one."));
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    for (QPushButton *button : {m_newButton, m_renameButton, m_activeButton}) {
        button->setAutoDefault(false);
        button->setVisible(m_mayEdit);
        // The panel is never narrower than its buttons.
        button->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    connect(m_newButton, &QPushButton::clicked, this, &CategoryPanel::newCategory);
    connect(m_renameButton, &QPushButton::clicked, this, &CategoryPanel::renameCategory);
    connect(m_activeButton, &QPushButton::clicked, this, &CategoryPanel::toggleActive);
    connect(m_newAction, &QAction::triggered, this, &CategoryPanel::newCategory);
    connect(m_renameAction, &QAction::triggered, this, &CategoryPanel::renameCategory);
    connect(m_activeAction, &QAction::triggered, this, &CategoryPanel::toggleActive);
    connect(m_view, &QTreeView::customContextMenuRequested, this, [this](const QPoint &position) {
        QMenu menu(this);
        menu.addActions({m_newAction, m_renameAction, m_activeAction});
        menu.exec(m_view->viewport()->mapToGlobal(position));
    });

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        updateActions();
        emit categorySelected(selectedCategory());
    });
    connect(m_model, &CategoryTreeModel::loaded, this, [this] {
        m_view->expand(m_model->allCategoriesIndex());
        const std::optional<qint64> wanted = std::exchange(m_selectAfterLoad, std::nullopt);
        if (!selectCategory(wanted))
            selectCategory(std::nullopt);
        updateActions();
    });
    connect(m_model, &CategoryTreeModel::categoryChanged, this, &CategoryPanel::updateActions);
    connect(m_model, &CategoryTreeModel::loadFailed, this, [this](const QString &message, const QString &details) {
        showErrorMessage(this, tr("Categories"), Error::make(ErrorCode::Unavailable, message, details));
    });
    connect(m_model, &CategoryTreeModel::dropFailed, this, [this](const QString &message, const QString &details) {
        showErrorMessage(this, tr("Move category"), Error::make(ErrorCode::InvalidInput, message, details));
    });
    updateActions();
}

void CategoryPanel::start()
{
    if (m_started)
        return;
    m_started = true;
    m_model->setSession(m_session);
}

std::optional<qint64> CategoryPanel::selectedCategory() const
{
    return m_model->categoryIdAt(m_view->currentIndex());
}

bool CategoryPanel::selectCategory(std::optional<qint64> categoryId)
{
    const QModelIndex index = categoryId ? m_model->indexOf(*categoryId) : m_model->allCategoriesIndex();
    if (!index.isValid())
        return false;
    for (QModelIndex up = index.parent(); up.isValid(); up = up.parent())
        m_view->expand(up);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_view->scrollTo(index);
    return true;
}

void CategoryPanel::updateActions()
{
    const std::optional<qint64> id = selectedCategory();
    const std::optional<Category> category = id ? m_model->category(*id) : std::nullopt;
    const bool active = !category || category->isActive;
    m_activeButton->setText(active ? tr("Deactivate") : tr("Activate"));
    m_activeAction->setText(active ? tr("Deactivate category") : tr("Activate category"));
    m_activeButton->setToolTip(active ? tr("The online shop stops showing the category; its products stay.")
                                      : tr("The online shop shows the category again."));
    for (QWidget *control : {static_cast<QWidget *>(m_renameButton), static_cast<QWidget *>(m_activeButton)})
        control->setEnabled(m_mayEdit && category.has_value());
    m_renameAction->setEnabled(m_mayEdit && category.has_value());
    m_activeAction->setEnabled(m_mayEdit && category.has_value());
    m_newButton->setEnabled(m_mayEdit && m_model->isLoaded());
    m_newAction->setEnabled(m_mayEdit && m_model->isLoaded());
}

void CategoryPanel::newCategory()
{
    if (!m_mayEdit)
        return;
    const std::optional<qint64> parentId = selectedCategory();
    const std::optional<Category> parent = parentId ? m_model->category(*parentId) : std::nullopt;
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(u"categoryNameDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("New category"));
    dialog->setLabelText(parent ? tr("Name of the new category under %1:").arg(parent->name)
                                : tr("Name of the new top-level category:"));
    dialog->setOkButtonText(tr("Create"));
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, parentId](const QString &name) { createNamed(parentId, name); });
    dialog->open();
}

QCoro::Task<> CategoryPanel::createNamed(std::optional<qint64> parentId, QString name)
{
    QPointer<CategoryPanel> guard(this);
    NewCategory category;
    category.parentId = parentId;
    category.name = name;
    const QFuture<Result<Category>> pending = m_model->createCategory(category);
    const Result<Category> created = co_await pending;
    if (!guard)
        co_return;
    if (!created) {
        showErrorMessage(this, tr("New category"), created.error());
        co_return;
    }
    selectCategory(created->id);
    emit changed(tr("Created the category %1.").arg(created->name));
}

void CategoryPanel::renameCategory()
{
    const std::optional<qint64> id = selectedCategory();
    const std::optional<Category> category = id ? m_model->category(*id) : std::nullopt;
    if (!m_mayEdit || !category)
        return;
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(u"categoryNameDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Rename category"));
    dialog->setLabelText(tr("New name for %1:").arg(category->name));
    dialog->setTextValue(category->name);
    dialog->setOkButtonText(tr("Rename"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, category = *category](const QString &name) {
        apply(m_model->renameCategory(category.id, name), tr("Rename category"),
              tr("Renamed %1 to %2.").arg(category.name, name.trimmed()));
    });
    dialog->open();
}

void CategoryPanel::toggleActive()
{
    const std::optional<qint64> id = selectedCategory();
    const std::optional<Category> category = id ? m_model->category(*id) : std::nullopt;
    if (!m_mayEdit || !category)
        return;
    const bool activate = !category->isActive;
    apply(m_model->setCategoryActive(category->id, activate),
          activate ? tr("Activate category") : tr("Deactivate category"),
          activate ? tr("The online shop shows %1 again.").arg(category->name)
                   : tr("The online shop no longer shows %1; its products keep their category.").arg(category->name));
}

QCoro::Task<> CategoryPanel::apply(QFuture<Status> change, QString title, QString doneText)
{
    QPointer<CategoryPanel> guard(this);
    const Status status = co_await change;
    if (!guard)
        co_return;
    if (!status) {
        showErrorMessage(this, title, status.error());
        co_return;
    }
    updateActions();
    emit changed(doneText);
}

} // namespace sk
