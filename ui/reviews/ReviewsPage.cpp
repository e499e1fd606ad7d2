#include "reviews/ReviewsPage.h"

#include "Navigation.h"
#include "ReviewTableModel.h"
#include "auth/Permissions.h"
#include "auth/UserService.h"
#include "common/ErrorMessageBox.h"
#include "common/InlineMessage.h"
#include "common/PageHeader.h"
#include "reviews/ReviewDetailPanel.h"
#include "reviews/ReviewFilterBar.h"
#include "reviews/ReviewService.h"

#include <QAction>
#include <QCoro/QCoroFuture>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QString quotedTitle(const Review &review)
{
    return review.title.isEmpty() ? ReviewsPage::tr("the review of %1").arg(review.productName)
                                  : ReviewsPage::tr("“%1”").arg(review.title);
}

QString doneSentence(ReviewStatus to, int count)
{
    const QString n = QLocale().toString(count);
    switch (to) {
    case ReviewStatus::Approved:
        return count == 1 ? ReviewsPage::tr("1 review approved.") : ReviewsPage::tr("%1 reviews approved.").arg(n);
    case ReviewStatus::Rejected:
        return count == 1 ? ReviewsPage::tr("1 review rejected.") : ReviewsPage::tr("%1 reviews rejected.").arg(n);
    case ReviewStatus::Hidden:
        return count == 1 ? ReviewsPage::tr("1 review hidden.") : ReviewsPage::tr("%1 reviews hidden.").arg(n);
    case ReviewStatus::Pending: break;
    }
    return {};
}

} // namespace

ReviewsPage::ReviewsPage(const Services &services, const Session &session, QWidget *parent)
    : QWidget(parent),
      m_services(services),
      m_session(session),
      m_mayModerate(isAllowed(session.role, Permission::ModerateReviews)),
      m_mayReply(isAllowed(session.role, Permission::ReplyToReviews)),
      m_model(new ReviewTableModel(services.reviews, this)),
      m_filters(new ReviewFilterBar(this)),
      m_count(new QLabel(this)),
      m_note(new QLineEdit(this)),
      m_approveButton(new QPushButton(tr("&Approve"), this)),
      m_rejectButton(new QPushButton(tr("Re&ject"), this)),
      m_hideButton(new QPushButton(tr("&Hide"), this)),
      m_feedback(new InlineMessage(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_view(new QTableView(this)),
      m_detail(new ReviewDetailPanel(m_mayReply, this)),
      m_findAction(new QAction(tr("Find reviews of a product"), this)),
      m_approveAction(new QAction(tr("Approve"), this)),
      m_rejectAction(new QAction(tr("Reject"), this)),
      m_hideAction(new QAction(tr("Hide"), this)),
      m_reloadAction(new QAction(tr("Reload"), this))
{
    setObjectName(u"reviewsPage"_s);

    m_count->setObjectName(u"reviewCount"_s);
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filters, 1);
    filterRow->addSpacing(12);
    filterRow->addWidget(m_count);

    m_approveButton->setObjectName(u"approveButton"_s);
    m_rejectButton->setObjectName(u"rejectButton"_s);
    m_hideButton->setObjectName(u"hideButton"_s);
    m_approveButton->setToolTip(tr("Publishes the selected reviews; they count in the product's rating "
                                   "(Ctrl+Shift+A)."));
    m_rejectButton->setToolTip(tr("Keeps the selected pending reviews off the shop (Ctrl+Shift+R)."));
    m_hideButton->setToolTip(tr("Takes the selected reviews off the shop; they can be approved again "
                                "(Ctrl+Shift+H)."));
    m_note->setObjectName(u"moderationNote"_s);
    m_note->setPlaceholderText(tr("Optional: why, for the record"));
    m_note->setMaxLength(ReviewService::kMaxNoteLength);
    auto *noteLabel = new QLabel(tr("N&ote:"), this);
    noteLabel->setBuddy(m_note);
    auto *actionRow = new QHBoxLayout;
    for (QPushButton *button : {m_approveButton, m_rejectButton, m_hideButton}) {
        button->setAutoDefault(false);
        actionRow->addWidget(button);
    }
    actionRow->addSpacing(12);
    actionRow->addWidget(noteLabel);
    actionRow->addWidget(m_note, 1);
    for (QWidget *widget : std::initializer_list<QWidget *>{m_approveButton, m_rejectButton, m_hideButton,
                                                            noteLabel, m_note})
        widget->setVisible(m_mayModerate);

    const auto addShortcut = [this](QAction *action, const QString &name, const QKeySequence &key, bool enabled) {
        action->setObjectName(name);
        action->setShortcut(key);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        action->setEnabled(enabled);
        addAction(action);
    };
    addShortcut(m_findAction, u"findReviewsAction"_s, QKeySequence::Find, true);
    addShortcut(m_approveAction, u"approveAction"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A), false);
    addShortcut(m_rejectAction, u"rejectAction"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), false);
    addShortcut(m_hideAction, u"hideAction"_s, QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H), false);
    addShortcut(m_reloadAction, u"reloadReviewsAction"_s, QKeySequence::Refresh, true);

    m_view->setObjectName(u"reviewTable"_s);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(m_mayModerate ? QAbstractItemView::ExtendedSelection
                                           : QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setAccessibleName(tr("Reviews"));
    QHeaderView *rows = m_view->verticalHeader();
    rows->setVisible(false);
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(ReviewTableModel::TitleColumn, QHeaderView::Stretch);
    const QFontMetrics metrics = m_view->fontMetrics();
    const auto fit = [this, &metrics, header](int column, const QString &sample) {
        const QString title = m_model->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, std::max(metrics.horizontalAdvance(title) + 28,
                                               metrics.horizontalAdvance(sample) + 16));
    };
    fit(ReviewTableModel::RatingColumn, ReviewTableModel::stars(5));
    fit(ReviewTableModel::ProductColumn, u"Stainless Steel Mug"_s);
    fit(ReviewTableModel::CustomerColumn, u"Margaret Hamilton"_s);
    fit(ReviewTableModel::VerifiedColumn, tr("Verified"));
    fit(ReviewTableModel::StatusColumn, tr("Approved"));
    fit(ReviewTableModel::DateColumn,
        QLocale().toString(QDateTime(QDate(2026, 12, 28), QTime(23, 59)), QLocale::ShortFormat));

    m_splitter->setObjectName(u"reviewsSplitter"_s);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({metrics.averageCharWidth() * 120, metrics.averageCharWidth() * 55});

    m_feedback->setObjectName(u"reviewsFeedback"_s);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new PageHeader(pageTitle(Page::Reviews), pageSummary(Page::Reviews), this));
    layout->addSpacing(4);
    layout->addLayout(filterRow);
    layout->addLayout(actionRow);
    layout->addWidget(m_feedback);
    layout->addWidget(m_splitter, 1);

    setTabOrder(m_filters, m_approveButton);
    setTabOrder(m_hideButton, m_note);
    setTabOrder(m_note, m_view);

    connect(m_filters, &ReviewFilterBar::changed, this, [this] {
        m_feedback->clear();
        applyQuery();
    });
    connect(m_findAction, &QAction::triggered, m_filters, &ReviewFilterBar::focusProduct);
    connect(m_approveAction, &QAction::triggered, this, &ReviewsPage::approveSelected);
    connect(m_rejectAction, &QAction::triggered, this, &ReviewsPage::rejectSelected);
    connect(m_hideAction, &QAction::triggered, this, &ReviewsPage::hideSelected);
    connect(m_reloadAction, &QAction::triggered, this, &ReviewsPage::reload);
    connect(m_approveButton, &QPushButton::clicked, this, &ReviewsPage::approveSelected);
    connect(m_rejectButton, &QPushButton::clicked, this, &ReviewsPage::rejectSelected);
    connect(m_hideButton, &QPushButton::clicked, this, &ReviewsPage::hideSelected);
    connect(m_view, &QTableView::activated, m_detail, &ReviewDetailPanel::focusReply);
    connect(m_detail, &ReviewDetailPanel::replyRequested, this,
            [this](qint64 reviewId, const QString &text) { saveReply(reviewId, text); });

    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ReviewsPage::updateSelection);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ReviewsPage::updateSelection);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ReviewsPage::updateSelection);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ReviewsPage::updateSelection);
    connect(m_model, &ReviewTableModel::totalCountChanged, this, &ReviewsPage::updateCount);
    connect(m_model, &ReviewTableModel::pageLoaded, this, [this] {
        updateCount();
        if (!m_loaded) {
            m_loaded = true;
            emit loaded();
        }
    });
    connect(m_model, &ReviewTableModel::loadFailed, this, [this](const QString &message, const QString &details) {
        showErrorMessage(this, tr("Reviews"), Error::make(ErrorCode::Unavailable, message, details));
    });
    updateSelection();
    updateCount();
}

void ReviewsPage::start()
{
    if (m_started)
        return;
    m_started = true;
    // Moderators start where the work is: the reviews waiting for them.
    if (m_mayModerate) {
        const QSignalBlocker blocker(m_filters);
        m_filters->setStatus(ReviewStatus::Pending);
    }
    ReviewQuery query;
    m_filters->apply(query);
    m_model->setQuery(query);
    m_model->setSession(m_session);
    loadVendors();
}

void ReviewsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    start();
}

QCoro::Task<> ReviewsPage::loadVendors()
{
    // Only those who see every vendor's reviews choose among vendors.
    if (!m_mayModerate)
        co_return;
    QPointer<ReviewsPage> guard(this);
    const QFuture<Result<QList<Vendor>>> pending = m_services.users->vendors(m_session);
    const Result<QList<Vendor>> vendors = co_await pending;
    if (!guard || !vendors)
        co_return;
    m_filters->setVendors(vendors.value());
}

void ReviewsPage::applyQuery()
{
    if (!m_started)
        return;
    ReviewQuery query;
    m_filters->apply(query);
    m_model->setQuery(query);
}

void ReviewsPage::reload()
{
    m_feedback->clear();
    m_model->reload();
}

QString ReviewsPage::countText() const
{
    return m_count->text();
}

QString ReviewsPage::feedback() const
{
    return m_feedback->text();
}

void ReviewsPage::updateCount()
{
    const qint64 total = m_model->totalCount();
    if (total < 0)
        m_count->setText(m_model->isLoading() ? tr("Counting reviews…") : QString());
    else if (total == 0)
        m_count->setText(m_filters->isFiltering() ? tr("No review matches") : tr("No reviews yet"));
    else if (total == 1)
        m_count->setText(tr("1 review"));
    else
        m_count->setText(tr("%1 reviews").arg(QLocale().toString(total)));
}

QList<qint64> ReviewsPage::selectedReviewIds() const
{
    QList<qint64> ids;
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    for (const QModelIndex &index : rows)
        ids.append(m_model->reviewAt(index.row()).id);
    return ids;
}

bool ReviewsPage::selectReview(qint64 reviewId)
{
    const int row = m_model->rowOfReview(reviewId);
    if (row < 0)
        return false;
    selectRow(row);
    return true;
}

void ReviewsPage::selectRow(int row)
{
    if (row < 0 || row >= m_model->rowCount())
        return;
    const QModelIndex index = m_model->index(row, ReviewTableModel::RatingColumn);
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void ReviewsPage::updateSelection()
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.size() == 1)
        m_detail->setReview(m_model->reviewAt(rows.constFirst().row()));
    else if (rows.size() > 1)
        m_detail->setSelectionCount(int(rows.size()));
    else
        m_detail->setReview(std::nullopt);
    updateActions();
}

void ReviewsPage::updateActions()
{
    // A button is on when at least one selected review can make that move.
    bool approve = false, reject = false, hide = false;
    if (m_mayModerate && !m_busy) {
        for (const QModelIndex &index : m_view->selectionModel()->selectedRows()) {
            const ReviewStatus from = m_model->reviewAt(index.row()).status;
            approve = approve || canMoveReview(from, ReviewStatus::Approved);
            reject = reject || canMoveReview(from, ReviewStatus::Rejected);
            hide = hide || canMoveReview(from, ReviewStatus::Hidden);
        }
    }
    m_approveButton->setEnabled(approve);
    m_rejectButton->setEnabled(reject);
    m_hideButton->setEnabled(hide);
    m_approveAction->setEnabled(approve);
    m_rejectAction->setEnabled(reject);
    m_hideAction->setEnabled(hide);
}

void ReviewsPage::approveSelected()
{
    moderateSelected(ReviewStatus::Approved);
}

void ReviewsPage::rejectSelected()
{
    moderateSelected(ReviewStatus::Rejected);
}

void ReviewsPage::hideSelected()
{
    moderateSelected(ReviewStatus::Hidden);
}

void ReviewsPage::finishAction(const QString &error, const QString &information)
{
    m_busy = false;
    if (!error.isEmpty())
        m_feedback->showError(error);
    else
        m_feedback->showInformation(information);
    updateActions();
    emit actionFinished();
}

QCoro::Task<> ReviewsPage::moderateSelected(ReviewStatus to)
{
    if (!m_mayModerate || m_busy)
        co_return;
    // Only the reviews that can make this move are sent; the others keep theirs.
    QList<qint64> ids;
    int lastRow = -1;
    for (qint64 id : selectedReviewIds()) {
        const int row = m_model->rowOfReview(id);
        if (row >= 0 && canMoveReview(m_model->reviewAt(row).status, to)) {
            ids.append(id);
            lastRow = std::max(lastRow, row);
        }
    }
    if (ids.isEmpty())
        co_return;
    QPointer<ReviewsPage> guard(this);
    m_busy = true;
    updateActions();
    m_feedback->clear();
    const QString note = m_note->text().trimmed();

    if (ids.size() == 1) {
        const QFuture<Result<Review>> pending = m_services.reviews->moderate(m_session, ids.constFirst(), to, note);
        const Result<Review> moved = co_await pending;
        if (!guard)
            co_return;
        if (!moved) {
            finishAction(moved.error().message, {});
            co_return;
        }
        m_model->replaceReview(moved.value());
        m_note->clear();
        // On to the next review, so a queue is worked through by keyboard.
        selectRow(lastRow + 1 < m_model->rowCount() ? lastRow + 1 : lastRow);
        QString done;
        switch (to) {
        case ReviewStatus::Approved: done = tr("Approved %1.").arg(quotedTitle(moved.value())); break;
        case ReviewStatus::Rejected: done = tr("Rejected %1.").arg(quotedTitle(moved.value())); break;
        case ReviewStatus::Hidden: done = tr("Hid %1.").arg(quotedTitle(moved.value())); break;
        case ReviewStatus::Pending: break;
        }
        finishAction({}, done);
        co_return;
    }

    const QFuture<Result<QList<ReviewOutcome>>> pending = m_services.reviews->moderateMany(m_session, ids, to, note);
    const Result<QList<ReviewOutcome>> result = co_await pending;
    if (!guard)
        co_return;
    if (!result) {
        finishAction(result.error().message, {});
        co_return;
    }
    const QList<ReviewOutcome> &outcomes = result.value();
    int moved = 0;
    QStringList refusals;
    for (const ReviewOutcome &outcome : outcomes) {
        if (outcome.result) {
            ++moved;
            const QFuture<Result<Review>> pendingRow = m_services.reviews->get(m_session, outcome.reviewId);
            const Result<Review> row = co_await pendingRow;
            if (!guard)
                co_return;
            if (row)
                m_model->replaceReview(row.value());
        } else {
            refusals.append(outcome.result.error().message);
        }
    }
    if (moved > 0)
        m_note->clear();
    QString done = doneSentence(to, moved);
    if (!refusals.isEmpty()) {
        refusals.removeDuplicates();
        const int kept = int(outcomes.size()) - moved;
        const QString keptSentence = kept == 1 ? tr("1 review kept its status: %1").arg(refusals.join(u' '))
                                               : tr("%1 reviews kept their status: %2")
                                                     .arg(QLocale().toString(kept), refusals.join(u' '));
        finishAction(moved > 0 ? done + u' ' + keptSentence : keptSentence, {});
        co_return;
    }
    finishAction({}, done);
}

QCoro::Task<> ReviewsPage::saveReply(qint64 reviewId, QString text)
{
    if (!m_mayReply || m_busy)
        co_return;
    QPointer<ReviewsPage> guard(this);
    m_busy = true;
    updateActions();
    const QFuture<Result<Review>> pending = m_services.reviews->reply(m_session, reviewId, text);
    const Result<Review> replied = co_await pending;
    if (!guard)
        co_return;
    m_busy = false;
    if (!replied) {
        m_detail->showReplyError(replied.error().message);
        updateActions();
        emit actionFinished();
        co_return;
    }
    m_model->replaceReview(replied.value());
    m_detail->setReview(replied.value());
    m_detail->showReplySaved(replied->vendorReply.isEmpty() ? tr("The reply was removed.")
                                                           : tr("The reply was saved; customers see it under "
                                                                "the review once it is approved."));
    updateActions();
    emit actionFinished();
}

} // namespace sk
