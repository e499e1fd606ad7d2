#include "reviews/ReviewDetailPanel.h"

#include "ReviewTableModel.h"
#include "common/InlineMessage.h"
#include "reviews/ReviewService.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBrowser>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

QString when(const QDateTime &at)
{
    return QLocale().toString(at.toLocalTime(), QLocale::ShortFormat);
}

} // namespace

ReviewDetailPanel::ReviewDetailPanel(bool mayReply, QWidget *parent)
    : QWidget(parent),
      m_mayReply(mayReply),
      m_heading(new QLabel(this)),
      m_meta(new QLabel(this)),
      m_text(new QTextBrowser(this)),
      m_moderation(new QLabel(this)),
      m_replyLabel(new QLabel(tr("Vendor's repl&y:"), this)),
      m_reply(new QPlainTextEdit(this)),
      m_replyCount(new QLabel(this)),
      m_saveReply(new QPushButton(tr("Save r&eply"), this)),
      m_replyMessage(new InlineMessage(this))
{
    setObjectName(u"reviewDetail"_s);
    m_heading->setObjectName(u"reviewHeading"_s);
    m_heading->setWordWrap(true);
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.15);
    m_heading->setFont(headingFont);
    m_meta->setObjectName(u"reviewMeta"_s);
    m_meta->setWordWrap(true);
    m_meta->setTextFormat(Qt::PlainText);
    m_meta->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setObjectName(u"reviewText"_s);
    m_text->setOpenLinks(false);
    m_text->setAccessibleName(tr("Review text"));
    m_moderation->setObjectName(u"reviewModeration"_s);
    m_moderation->setWordWrap(true);
    m_moderation->setTextFormat(Qt::PlainText);

    m_reply->setObjectName(u"replyBox"_s);
    m_reply->setTabChangesFocus(true);
    m_reply->setPlaceholderText(tr("A public answer under the review (Ctrl+Enter saves)."));
    m_reply->setMaximumHeight(m_reply->fontMetrics().height() * 6);
    m_reply->installEventFilter(this);
    m_replyLabel->setBuddy(m_reply);
    m_replyCount->setObjectName(u"replyCount"_s);
    m_replyCount->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_saveReply->setObjectName(u"saveReplyButton"_s);
    m_saveReply->setAutoDefault(false);
    m_saveReply->setToolTip(tr("Saves the reply; an empty reply removes it (Ctrl+Enter in the box)."));
    m_replyMessage->setObjectName(u"replyMessage"_s);

    auto *replyRow = new QHBoxLayout;
    replyRow->addWidget(m_replyCount, 1);
    replyRow->addWidget(m_saveReply);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_heading);
    layout->addWidget(m_meta);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_moderation);
    layout->addWidget(m_replyLabel);
    layout->addWidget(m_reply);
    layout->addLayout(replyRow);
    layout->addWidget(m_replyMessage);

    connect(m_reply, &QPlainTextEdit::textChanged, this, &ReviewDetailPanel::updateReplyState);
    connect(m_saveReply, &QPushButton::clicked, this, &ReviewDetailPanel::requestReply);
    setReview(std::nullopt);
}

void ReviewDetailPanel::setReview(const std::optional<Review> &review)
{
    const bool sameReview = review && m_review && review->id == m_review->id;
    m_review = review;
    if (!sameReview)
        m_replyMessage->clear();
    if (!review) {
        m_heading->setText(tr("No review selected"));
        m_meta->setText(tr("Choose a review in the list to read it, moderate it or reply."));
        m_text->clear();
        m_moderation->clear();
        m_reply->setPlainText({});
        updateReplyState();
        return;
    }
    const Review &r = *review;
    m_heading->setText(ReviewTableModel::stars(r.rating) + u"  "_s
                       + (r.title.isEmpty() ? tr("(no title)") : r.title));
    QStringList meta;
    meta << (r.vendorName.isEmpty() ? r.productName : tr("%1 (%2)").arg(r.productName, r.vendorName));
    meta << tr("by %1 <%2>").arg(r.customerName, r.customerEmail);
    meta << (r.verified ? tr("verified purchase, order %1").arg(r.orderNumber)
                        : tr("order %1 does not hold this product").arg(r.orderNumber));
    meta << when(r.createdAt);
    m_meta->setText(meta.join(u" · "_s));
    if (r.text.isEmpty())
        m_text->setPlainText(tr("(The customer gave stars without words.)"));
    else
        m_text->setPlainText(r.text);
    QString moderation = reviewStatusTitle(r.status);
    if (r.moderatedAt.isValid())
        moderation = r.moderatedByName.isEmpty()
                         ? tr("%1 on %2").arg(reviewStatusTitle(r.status), when(r.moderatedAt))
                         : tr("%1 by %2 on %3").arg(reviewStatusTitle(r.status), r.moderatedByName,
                                                    when(r.moderatedAt));
    if (!r.moderationNote.isEmpty())
        moderation += tr(": “%1”").arg(r.moderationNote);
    // Those who may not reply still read the reply, under the moderation line.
    if (!m_mayReply && !r.vendorReply.isEmpty())
        moderation += u"\n"_s + tr("Vendor's reply: %1").arg(r.vendorReply);
    m_moderation->setText(moderation);
    // Keep what is being typed while the same review is refreshed.
    if (!sameReview || !m_reply->hasFocus())
        m_reply->setPlainText(r.vendorReply);
    updateReplyState();
}

void ReviewDetailPanel::setSelectionCount(int count)
{
    setReview(std::nullopt);
    m_heading->setText(tr("%1 reviews selected").arg(QLocale().toString(count)));
    m_meta->setText(tr("Approve, reject or hide them all at once."));
}

std::optional<qint64> ReviewDetailPanel::reviewId() const
{
    return m_review ? std::optional<qint64>(m_review->id) : std::nullopt;
}

QString ReviewDetailPanel::replyText() const
{
    return m_reply->toPlainText().trimmed();
}

void ReviewDetailPanel::showReplyError(const QString &message)
{
    m_replyMessage->showError(message);
}

void ReviewDetailPanel::showReplySaved(const QString &message)
{
    m_replyMessage->showInformation(message);
}

void ReviewDetailPanel::focusReply()
{
    if (m_reply->isEnabled())
        m_reply->setFocus(Qt::ShortcutFocusReason);
}

bool ReviewDetailPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_reply && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers().testFlag(Qt::ControlModifier)) {
            requestReply();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ReviewDetailPanel::updateReplyState()
{
    const bool editable = m_mayReply && m_review.has_value();
    m_replyLabel->setVisible(m_mayReply);
    m_reply->setVisible(m_mayReply);
    m_replyCount->setVisible(m_mayReply);
    m_saveReply->setVisible(m_mayReply);
    m_reply->setEnabled(editable);
    const qsizetype length = replyText().size();
    const bool tooLong = length > ReviewService::kMaxReplyLength;
    const QString counted = tooLong ? tr("%1 of at most %2 characters: shorten the reply.")
                                    : tr("%1 / %2");
    m_replyCount->setText(
        counted.arg(QLocale().toString(length), QLocale().toString(ReviewService::kMaxReplyLength)));
    const bool changed = m_review && replyText() != m_review->vendorReply;
    m_saveReply->setEnabled(editable && changed && !tooLong);
}

void ReviewDetailPanel::requestReply()
{
    if (!m_review || !m_saveReply->isEnabled())
        return;
    m_replyMessage->clear();
    emit replyRequested(m_review->id, replyText());
}

} // namespace sk
