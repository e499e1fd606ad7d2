#pragma once

#include "reviews/Review.h"

#include <QWidget>
#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace sk {

class InlineMessage;

// The selected review in full beside the table: stars and title, product,
// customer, order and whether it is a verified purchase, the text, how it was
// moderated, and the vendor's reply in a box that vendors (for their own
// products) and administrators edit. Saving asks the page through
// replyRequested(); the page shows the outcome with showReplyError().
class ReviewDetailPanel : public QWidget {
    Q_OBJECT

public:
    explicit ReviewDetailPanel(bool mayReply, QWidget *parent = nullptr);

    void setReview(const std::optional<Review> &review);
    // Several rows selected: their count instead of one review.
    void setSelectionCount(int count);
    std::optional<qint64> reviewId() const;
    QString replyText() const;
    QPlainTextEdit *replyBox() const { return m_reply; }
    QPushButton *saveReplyButton() const { return m_saveReply; }
    void showReplyError(const QString &message);
    void showReplySaved(const QString &message);

public slots:
    void focusReply();

signals:
    void replyRequested(qint64 reviewId, const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateReplyState();
    void requestReply();

    bool m_mayReply;
    std::optional<Review> m_review;
    QLabel *m_heading;
    QLabel *m_meta;
    QTextBrowser *m_text;
    QLabel *m_moderation;
    QLabel *m_replyLabel;
    QPlainTextEdit *m_reply;
    QLabel *m_replyCount;
    QPushButton *m_saveReply;
    InlineMessage *m_replyMessage;
};

} // namespace sk
