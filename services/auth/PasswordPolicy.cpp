#include "auth/PasswordPolicy.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <string_view>

using namespace Qt::StringLiterals;

namespace sk {

namespace {

// The most common passwords that are long enough to pass the length rule
// (shorter ones such as "123456" are refused by it already), from the public
// breach-corpus top lists, plus the name of this program. Stored case-folded.
constexpr std::array<std::u16string_view, 32> kCommonPasswords = {
    u"1234567890",   u"0987654321",    u"9876543210",    u"12345678910",
    u"1234512345",   u"1234554321",    u"1111111111",    u"0000000000",
    u"123123123123", u"**********",    u"qwertyuiop",    u"qwerty1234",
    u"qwerty12345",  u"qwerty123456",  u"1q2w3e4r5t",    u"1q2w3e4r5t6y",
    u"1qaz2wsx3edc", u"zxcvbnm123",    u"password12",    u"password123",
    u"password1234", u"password1!",    u"passw0rd123",   u"p@ssw0rd123",
    u"iloveyou123",  u"welcome123",    u"admin12345",    u"administrator",
    u"letmein123",   u"changeme123",   u"storekeeper",   u"storekeeper1",
};

Error invalid(const QString &message)
{
    return Error::make(ErrorCode::InvalidInput, message);
}

qsizetype characterCount(const QString &normalized)
{
    return normalized.toUcs4().size();
}

QString emailLocalPart(const QString &email)
{
    const QString trimmed = email.trimmed();
    const qsizetype at = trimmed.lastIndexOf(u'@');
    return at < 0 ? trimmed : trimmed.left(at);
}

bool isCommonPassword(const QString &normalized)
{
    const QString folded = normalized.trimmed().toCaseFolded();
    return std::any_of(kCommonPasswords.begin(), kCommonPasswords.end(),
                       [&folded](std::u16string_view common) {
                           return QStringView(common) == folded;
                       });
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

// Counting up or down by one on the keypad row, where 0 follows 9
// (1234, 4321, 7890, 0987).
bool isStraightRun(const QString &pin)
{
    const auto stepAt = [&pin](qsizetype i) {
        return (pin[i].unicode() - pin[i - 1].unicode() + 10) % 10;
    };
    const int step = stepAt(1);
    if (step != 1 && step != 9)
        return false;
    for (qsizetype i = 2; i < pin.size(); ++i) {
        if (stepAt(i) != step)
            return false;
    }
    return true;
}

} // namespace

Status PasswordPolicy::checkPassword(const QString &password, const QString &email) const
{
    const QString normalized = password.normalized(QString::NormalizationForm_C);
    const qsizetype length = characterCount(normalized);

    if (length > 0 && normalized.trimmed().isEmpty()) {
        return invalid(QCoreApplication::translate(
            "PasswordPolicy", "Choose a password that is not only spaces."));
    }
    if (length < kMinPasswordLength) {
        return invalid(QCoreApplication::translate(
            "PasswordPolicy", "Choose a password of at least %n characters.", nullptr,
            kMinPasswordLength));
    }
    if (length > kMaxPasswordLength) {
        return invalid(QCoreApplication::translate(
            "PasswordPolicy", "Choose a password of at most %n characters.", nullptr,
            kMaxPasswordLength));
    }
    if (isCommonPassword(normalized)) {
        return invalid(QCoreApplication::translate(
            "PasswordPolicy",
            "This password is one of the most common and easy to guess. Choose a different one."));
    }

    const QString localPart = emailLocalPart(email).normalized(QString::NormalizationForm_C);
    if (!localPart.isEmpty()) {
        const bool sameAsLocalPart = normalized.compare(localPart, Qt::CaseInsensitive) == 0;
        const bool containsLocalPart = characterCount(localPart) >= kMinEmailLocalPartToCheck
            && normalized.contains(localPart, Qt::CaseInsensitive);
        if (sameAsLocalPart || containsLocalPart) {
            return invalid(QCoreApplication::translate(
                "PasswordPolicy",
                "Choose a password that does not contain your e-mail address or the name before its @."));
        }
    }
    return Status::success();
}

Status PasswordPolicy::checkPin(const QString &pin) const
{
    // QChar::isDigit() would also take Arabic-Indic and other digits that a
    // register's keypad cannot type.
    if (!std::all_of(pin.begin(), pin.end(), isAsciiDigit)) {
        return invalid(QCoreApplication::translate(
            "PasswordPolicy", "Use only the digits 0 to 9 in a PIN, without spaces or letters."));
    }
    if (pin.size() < kMinPinLength || pin.size() > kMaxPinLength) {
        return invalid(QCoreApplication::translate("PasswordPolicy",
                                                   "Enter a PIN of %1 to %2 digits.")
                           .arg(kMinPinLength)
                           .arg(kMaxPinLength));
    }
    if (std::all_of(pin.begin(), pin.end(), [&pin](QChar c) { return c == pin.front(); })) {
        return invalid(QCoreApplication::translate(
            "PasswordPolicy", "Choose a PIN that does not repeat one digit, such as 1111."));
    }
    if (isStraightRun(pin)) {
        return invalid(QCoreApplication::translate(
            "PasswordPolicy", "Choose a PIN that does not count up or down, such as 1234 or 4321."));
    }
    return Status::success();
}

} // namespace sk
