#include "users/UsersPage.h"

#include "Navigation.h"
#include "UserTableModel.h"
#include "auth/UserService.h"
#include "common/ErrorMessageBox.h"
#include "common/InlineMessage.h"
#include "common/PageHeader.h"
#include "users/ChangeRoleDialog.h"
#include "users/NewUserDialog.h"
#include "users/SecretDialog.h"

#include <QAction>
#include <QComboBox>
#include <QCoro/QCoroFuture>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace sk {

namespace {

// Long enough to let a word be typed, short enough to feel immediate.
constexpr auto SearchDelay = 250ms;

} // namespace

UsersPage::UsersPage(const Services &services, const Session &session, QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_session(session),
      m_model(new UserTableModel(services.users, this)),
      m_search(new QLineEdit(this)),
      m_roleFilter(new QComboBox(this)),
      m_count(new QLabel(this)),
      m_view(new QTableView(this)),
      m_feedback(new InlineMessage(this)),
      m_newButton(new QPushButton(tr("&New user…"), this)),
      m_activeButton(new QPushButton(tr("&Disable"), this)),
      m_passwordButton(new QPushButton(tr("Reset &password…"), this)),
      m_roleButton(new QPushButton(tr("Change &role…"), this)),
      m_pinButton(new QPushButton(tr("Set P&IN…"), this)),
      m_unlockButton(new QPushButton(tr("&Unlock"), this)),
      m_newAction(new QAction(tr("New user…"), this)),
      m_activeAction(new QAction(tr("Disable"), this)),
      m_passwordAction(new QAction(tr("Reset password…"), this)),
      m_roleAction(new QAction(tr("Change role…"), this)),
      m_pinAction(new QAction(tr("Set PIN…"), this)),
      m_unlockAction(new QAction(tr("Unlock"), this))
{
    setObjectName(u"usersPage"_s);

    m_search->setObjectName(u"userSearch"_s);
    m_search->setPlaceholderText(tr("Name or e-mail"));
    m_search->setClearButtonEnabled(true);
    auto *searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);

    m_roleFilter->setObjectName(u"roleFilter"_s);
    m_roleFilter->addItem(tr("All roles"));
    for (Role role : allRoles())
        m_roleFilter->addItem(roleDisplayName(role), roleName(role));
    auto *roleLabel = new QLabel(tr("Sho&w:"), this);
    roleLabel->setBuddy(m_roleFilter);

    m_count->setObjectName(u"userCount"_s);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(searchLabel);
    filterRow->addWidget(m_search, 2);
    filterRow->addSpacing(12);
    filterRow->addWidget(roleLabel);
    filterRow->addWidget(m_roleFilter);
    filterRow->addStretch(1);
    filterRow->addWidget(m_count);

    m_newButton->setObjectName(u"newUserButton"_s);
    m_activeButton->setObjectName(u"toggleActiveButton"_s);
    m_passwordButton->setObjectName(u"resetPasswordButton"_s);
    m_roleButton->setObjectName(u"changeRoleButton"_s);
    m_pinButton->setObjectName(u"setPinButton"_s);
    m_unlockButton->setObjectName(u"unlockUserButton"_s);
    m_unlockButton->setToolTip(tr("Forgets failed sign-in and PIN attempts so the user can try again now."));
    m_unlockAction->setToolTip(m_unlockButton->toolTip());
    m_newAction->setShortcut(QKeySequence::New);
    m_newAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_newAction);

    auto *buttonRow = new QHBoxLayout;
    for (QPushButton *button : {m_newButton, m_activeButton, m_passwordButton, m_roleButton, m_pinButton, m_unlockButton}) {
        button->setAutoDefault(false);
        buttonRow->addWidget(button);
    }
    buttonRow->addStretch(1);

    m_view->setObjectName(u"userTable"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    QHeaderView *header = m_view->horizontalHeader();
    header->setStretchLastSection(true);
    header->setHighlightSections(false);
    header->setSortIndicator(UserTableModel::EmailColumn, Qt::AscendingOrder);
    const int charWidth = m_view->fontMetrics().averageCharWidth();
    header->resizeSection(UserTableModel::EmailColumn, charWidth * 34);
    header->resizeSection(UserTableModel::NameColumn, charWidth * 26);
    header->resizeSection(UserTableModel::RoleColumn, charWidth * 16);
    header->resizeSection(UserTableModel::VendorColumn, charWidth * 22);
    header->resizeSection(UserTableModel::StatusColumn, charWidth * 12);
    m_view->setSortingEnabled(true);
    m_view->setAccessibleName(tr("Users"));

    m_feedback->setObjectName(u"usersFeedback"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new PageHeader(pageTitle(Page::Users), pageSummary(Page::Users), this));
    layout->addSpacing(4);
    layout->addLayout(filterRow);
    layout->addLayout(buttonRow);
    layout->addWidget(m_feedback);
    layout->addWidget(m_view, 1);

    setTabOrder(m_search, m_roleFilter);
    setTabOrder(m_roleFilter, m_view);
    setTabOrder(m_view, m_newButton);
    setTabOrder(m_newButton, m_activeButton);
    setTabOrder(m_activeButton, m_passwordButton);
    setTabOrder(m_passwordButton, m_roleButton);
    setTabOrder(m_roleButton, m_pinButton);
    setTabOrder(m_pinButton, m_unlockButton);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(SearchDelay);
    connect(m_search, &QLineEdit::textChanged, &m_searchDelay, qOverload<>(&QTimer::start));
    connect(&m_searchDelay, &QTimer::timeout, this, [this] { m_model->setSearch(m_search->text()); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        m_model->setSearch(m_search->text());
    });
    connect(m_roleFilter, &QComboBox::currentIndexChanged, this, [this] {
        const QString name = m_roleFilter->currentData().toString();
        m_model->setRoleFilter(name.isEmpty() ? std::nullopt : roleFromName(name));
    });
    // Columns the database cannot order by keep the previous order.
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this, header](int column, Qt::SortOrder order) {
        if (UserTableModel::isSortable(column)) {
            m_sortColumn = column;
            m_sortOrder = order;
            return;
        }
        const QSignalBlocker blocker(header);
        header->setSortIndicator(m_sortColumn, m_sortOrder);
    });

    connect(m_newButton, &QPushButton::clicked, this, &UsersPage::newUser);
    connect(m_activeButton, &QPushButton::clicked, this, &UsersPage::toggleActive);
    connect(m_passwordButton, &QPushButton::clicked, this, &UsersPage::resetPassword);
    connect(m_roleButton, &QPushButton::clicked, this, &UsersPage::changeRole);
    connect(m_pinButton, &QPushButton::clicked, this, &UsersPage::setPin);
    connect(m_unlockButton, &QPushButton::clicked, this, &UsersPage::unlockUser);
    connect(m_newAction, &QAction::triggered, this, &UsersPage::newUser);
    connect(m_activeAction, &QAction::triggered, this, &UsersPage::toggleActive);
    connect(m_passwordAction, &QAction::triggered, this, &UsersPage::resetPassword);
    connect(m_roleAction, &QAction::triggered, this, &UsersPage::changeRole);
    connect(m_pinAction, &QAction::triggered, this, &UsersPage::setPin);
    connect(m_unlockAction, &QAction::triggered, this, &UsersPage::unlockUser);
    connect(m_view, &QTableView::customContextMenuRequested, this, [this](const QPoint &position) {
        if (!m_view->indexAt(position).isValid())
            return;
        QMenu menu(this);
        menu.addActions({m_activeAction, m_passwordAction, m_roleAction, m_pinAction, m_unlockAction});
        menu.addSeparator();
        menu.addAction(m_newAction);
        menu.exec(m_view->viewport()->mapToGlobal(position));
    });

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &UsersPage::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &UsersPage::updateActions);
    connect(m_model, &UserTableModel::totalCountChanged, this, &UsersPage::updateCount);
    connect(m_model, &UserTableModel::pageLoaded, this, [this] {
        updateCount();
        if (m_selectAfterLoad != 0 && (selectUser(m_selectAfterLoad) || m_model->isAtEnd()))
            m_selectAfterLoad = 0;
    });
    connect(m_model, &UserTableModel::loadFailed, this, [this](const QString &message, const QString &details) {
        showErrorMessage(this, tr("Users"), Error::make(ErrorCode::Unavailable, message, details));
    });
    updateActions();
    updateCount();
}

void UsersPage::start()
{
    if (m_started)
        return;
    m_started = true;
    m_model->setSession(m_session);
}

void UsersPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    start();
}

std::optional<User> UsersPage::selectedUser() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return m_model->userAt(rows.first().row());
}

bool UsersPage::selectUser(qint64 userId)
{
    const int row = m_model->rowOfUser(userId);
    if (row < 0)
        return false;
    const QModelIndex index = m_model->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
    return true;
}

QString UsersPage::feedback() const
{
    return m_feedback->text();
}

QString UsersPage::countText() const
{
    return m_count->text();
}

void UsersPage::updateCount()
{
    const qint64 total = m_model->totalCount();
    const bool filtered = !m_model->search().isEmpty() || m_model->roleFilter().has_value();
    if (total < 0)
        m_count->setText(tr("Counting users…"));
    else if (total == 0)
        m_count->setText(filtered ? tr("No user matches") : tr("No users yet"));
    else if (total == 1)
        m_count->setText(filtered ? tr("1 matching user") : tr("1 user"));
    else
        m_count->setText(filtered ? tr("%Ln matching users", nullptr, int(total)) : tr("%Ln users", nullptr, int(total)));
}

void UsersPage::updateActions()
{
    const std::optional<User> user = selectedUser();
    const bool self = user && user->id == m_session.userId;
    const bool active = !user || user->isActive;
    const QString activeText = active ? tr("&Disable") : tr("&Enable");
    m_activeButton->setText(activeText);
    m_activeAction->setText(active ? tr("Disable") : tr("Enable"));
    m_activeButton->setToolTip(self ? tr("You cannot disable your own account.")
                                    : active ? tr("The user can no longer sign in; nothing is deleted.")
                                             : tr("The user can sign in again."));
    m_roleButton->setToolTip(self ? tr("Another administrator must change your own role.") : QString());

    const bool staff = user && user->role != Role::Customer;
    const QList<std::pair<QPushButton *, QAction *>> controls{
        {m_activeButton, m_activeAction}, {m_passwordButton, m_passwordAction}, {m_roleButton, m_roleAction},
        {m_pinButton, m_pinAction},       {m_unlockButton, m_unlockAction}};
    for (const auto &[button, action] : controls) {
        bool enabled = user.has_value();
        if (button == m_activeButton || button == m_roleButton)
            enabled = enabled && !self;
        if (button == m_pinButton)
            enabled = staff;
        button->setEnabled(enabled);
        action->setEnabled(enabled);
    }
}

void UsersPage::newUser()
{
    auto *dialog = new NewUserDialog(m_services.users, m_session, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewUserDialog::pinNotSet, this,
            [this](const User &user, const QString &message, const QString &details) {
                showErrorMessage(this, tr("Set PIN"),
                                 Error::make(ErrorCode::InvalidInput,
                                             tr("The account of %1 was created, but its PIN was not set: %2")
                                                 .arg(user.displayName(), message),
                                             details));
            });
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const User &user = dialog->createdUser();
        m_feedback->showInformation(tr("Created the account of %1 (%2).").arg(user.displayName(), user.email));
        reloadAndSelect(user.id);
    });
    dialog->open();
}

void UsersPage::toggleActive()
{
    const std::optional<User> user = selectedUser();
    if (!user)
        return;
    const bool enable = !user->isActive;
    const QString title = enable ? tr("Enable user") : tr("Disable user");
    const QString done = enable ? tr("%1 can sign in again.").arg(user->displayName())
                                : tr("%1 can no longer sign in.").arg(user->displayName());
    apply(m_services.users->setActive(m_session, user->id, enable), title, done, user->id);
}

void UsersPage::resetPassword()
{
    const std::optional<User> user = selectedUser();
    if (!user)
        return;
    auto *dialog = new SecretDialog(SecretDialog::Kind::Password, user->displayName(), user->email, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, user = *user] {
        apply(m_services.users->resetPassword(m_session, user.id, dialog->secret()), tr("Reset password"),
              tr("The password of %1 was reset.").arg(user.displayName()), user.id);
    });
    dialog->open();
}

void UsersPage::changeRole()
{
    const std::optional<User> user = selectedUser();
    if (!user)
        return;
    auto *dialog = new ChangeRoleDialog(m_services.users, m_session, *user, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, user = *user] {
        const Role role = dialog->role();
        apply(m_services.users->changeRole(m_session, user.id, role, dialog->vendorId(), dialog->newVendorName()),
              tr("Change role"), tr("%1 is now: %2.").arg(user.displayName(), roleDisplayName(role)), user.id);
    });
    dialog->open();
}

void UsersPage::setPin()
{
    const std::optional<User> user = selectedUser();
    if (!user)
        return;
    auto *dialog = new SecretDialog(SecretDialog::Kind::Pin, user->displayName(), user->email, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, user = *user] {
        apply(m_services.users->setPin(m_session, user.id, dialog->secret()), tr("Set PIN"),
              tr("%1 can now sign in at the register with the new PIN.").arg(user.displayName()), user.id);
    });
    dialog->open();
}

void UsersPage::unlockUser()
{
    const std::optional<User> user = selectedUser();
    if (!user)
        return;
    apply(m_services.users->unlock(m_session, user->id), tr("Unlock user"),
          tr("%1 may try to sign in again now.").arg(user->displayName()), user->id);
}

QCoro::Task<> UsersPage::apply(QFuture<Status> change, QString title, QString doneText, qint64 userId)
{
    QPointer<UsersPage> guard(this);
    m_feedback->clear();
    const Status status = co_await change;
    if (!guard)
        co_return;
    if (!status) {
        showErrorMessage(this, title, status.error());
        co_return;
    }
    m_feedback->showInformation(doneText);
    reloadAndSelect(userId);
}

void UsersPage::reloadAndSelect(qint64 userId)
{
    m_selectAfterLoad = userId;
    m_model->reload();
}

} // namespace sk
