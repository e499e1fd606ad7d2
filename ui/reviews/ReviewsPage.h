#pragma once

#include "Services.h"
#include "auth/Session.h"
#include "reviews/Review.h"

#include <QCoro/QCoroTask>
#include <QWidget>
#include <optional>

class QAction;
class QLabel;
class QLineEdit;
class QPushButton;
class QSplitter;
class QTableView;

namespace sk {

class InlineMessage;
class ReviewDetailPanel;
class ReviewFilterBar;
class ReviewTableModel;

// Reviews for moderation (docs/reviews.md, docs/ui.md "Reviews page"):
// newest first, a page at a time as the table scrolls, filtered by product,
// rating, status, verified purchase and vendor. The selected review is shown
// in full beside the table. Administrators approve (Ctrl+Shift+A), reject
// (Ctrl+Shift+R) or hide (Ctrl+Shift+H) the selected reviews, one or many,
// with an optional note; vendors see the reviews of their own products and
// reply to them; administrators may reply too.
class ReviewsPage : public QWidget {
    Q_OBJECT

public:
    ReviewsPage(const Services &services, const Session &session, QWidget *parent = nullptr);

    ReviewTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    ReviewFilterBar *filterBar() const { return m_filters; }
    ReviewDetailPanel *detailPanel() const { return m_detail; }
    QLineEdit *noteBox() const { return m_note; }
    QString countText() const;
    QString feedback() const;
    bool mayModerate() const { return m_mayModerate; }
    QList<qint64> selectedReviewIds() const;
    bool selectReview(qint64 reviewId);

    // Starts loading now instead of when first shown.
    void start();
    // True once the first page of reviews is shown.
    bool hasLoaded() const { return m_loaded; }
    // True while a moderation or reply is on its way.
    bool isBusy() const { return m_busy; }

public slots:
    void approveSelected();
    void rejectSelected();
    void hideSelected();
    void reload();

signals:
    void loaded();
    // A moderation or reply finished (its outcome is in feedback()).
    void actionFinished();

protected:
    void showEvent(QShowEvent *event) override;

private:
    QCoro::Task<> loadVendors();
    QCoro::Task<> moderateSelected(ReviewStatus to);
    QCoro::Task<> saveReply(qint64 reviewId, QString text);
    void applyQuery();
    void updateCount();
    void updateSelection();
    void updateActions();
    void selectRow(int row);
    void finishAction(const QString &error, const QString &information);

    Services m_services;
    Session m_session;
    bool m_mayModerate;
    bool m_mayReply;
    ReviewTableModel *m_model;
    ReviewFilterBar *m_filters;
    QLabel *m_count;
    QLineEdit *m_note;
    QPushButton *m_approveButton;
    QPushButton *m_rejectButton;
    QPushButton *m_hideButton;
    InlineMessage *m_feedback;
    QSplitter *m_splitter;
    QTableView *m_view;
    ReviewDetailPanel *m_detail;
    QAction *m_findAction;
    QAction *m_approveAction;
    QAction *m_rejectAction;
    QAction *m_hideAction;
    QAction *m_reloadAction;
    bool m_started = false;
    bool m_loaded = false;
    bool m_busy = false;
};

} // namespace sk
