"""Synthetic people across many cultures and scripts, deterministic by seed.

Used as the negative population of the matching evaluation (people who are not on any list),
as the source of large synthetic national watchlists, and for load tests. Names are drawn
from per-culture pools of given names and surnames; some cultures are written in their own
script (Arabic, Cyrillic, Greek, Han, Hangul, Kana, Devanagari) as travel documents of those
countries carry them in machine-readable zones only after transliteration.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["CULTURES", "Culture", "SyntheticPerson", "generate_people"]


@dataclass(frozen=True, slots=True)
class Culture:
    name: str
    nationalities: tuple[str, ...]  # ISO alpha-3
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    # number of given names (a patronymic chain for Arabic names), drawn uniformly
    given_count: tuple[int, ...] = (1,)
    surname_first: bool = False


@dataclass(frozen=True, slots=True)
class SyntheticPerson:
    person_id: str
    given_names: tuple[str, ...]
    surname: str
    gender: str
    date_of_birth: dt.date
    nationality: str
    culture: str
    surname_first: bool

    @property
    def full_name(self) -> str:
        given = " ".join(self.given_names)
        if self.surname_first:
            return f"{self.surname} {given}"
        return f"{given} {self.surname}"


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


CULTURES: tuple[Culture, ...] = (
    Culture(
        "arabic-latin",
        ("EGY", "SAU", "JOR", "IRQ", "SYR", "LBN", "YEM", "LBY", "TUN", "DZA", "MAR", "ARE"),
        _split(
            "Mohammed Ahmed Ali Omar Youssef Khalid Hassan Hussein Ibrahim Mahmoud Mustafa "
            "Abdullah Tariq Walid Karim Samir Nabil Fadi Rami Bassam Majed Nasser Ziad Hamza "
            "Bilal Anas Faris Imad Jamal Adel Saad Sami Murad Rashid Hisham Osama Amr Ayman"
        ),
        _split(
            "Fatima Aisha Maryam Noor Layla Huda Salma Rania Dina Hana Samira Amal Reem Lina "
            "Yasmin Zainab Asma Mona Nadia Rasha Sara Iman Hiba Dalia"
        ),
        _split(
            "Haddad Khoury Mansour Nasser Saleh Abboud Darwish Hamdan Jaber Karam Shalabi "
            "Masri Tamimi Qasim Hijazi Barakat Zahran Suleiman Ghanem Othman Awad Farouk "
            "Rahman Sabbagh Nassar Halabi Zein Attar Najjar Hakim Sharif Badawi Azzam"
        ),
        given_count=(1, 2, 2, 3),
    ),
    Culture(
        "arabic-script",
        ("EGY", "SAU", "IRQ", "SYR", "YEM", "JOR"),
        _split(
            "محمد أحمد علي عمر يوسف خالد حسن حسين إبراهيم محمود مصطفى عبدالله طارق وليد كريم سمير"
        ),
        _split("فاطمة عائشة مريم نور ليلى هدى سلمى رانيا دينا هناء سميرة أمل"),
        _split(
            "حداد خوري منصور ناصر صالح عبود درويش حمدان جابر كرم شلبي المصري التميمي قاسم حجازي"
        ),
        given_count=(1, 2, 2),
    ),
    Culture(
        "persian-afghan",
        ("IRN", "AFG", "PAK", "TJK"),
        _split(
            "Reza Ali Hossein Mehdi Amir Farhad Dariush Kamran Behzad Navid Saeed Javad "
            "Gulbuddin Ahmad Wali Najibullah Hamidullah Zabihullah Sayed Nasrullah Rahim Zalmai"
        ),
        _split("Zahra Maryam Fatemeh Shirin Parisa Leila Nasrin Roya Mina Soraya Farzana Malalai"),
        _split(
            "Hosseini Rezaei Mohammadi Karimi Ahmadi Jafari Rahimi Moradi Sadeghi Azizi "
            "Popal Durrani Wardak Stanekzai Noorzai Barakzai Safi Ahmadzai Mangal Yousufzai"
        ),
        given_count=(1, 1, 2),
    ),
    Culture(
        "english",
        ("GBR", "USA", "CAN", "AUS", "NZL", "IRL"),
        _split(
            "James John Robert Michael William David Richard Joseph Thomas Charles Daniel "
            "Matthew Anthony Mark Paul Steven Andrew Kenneth George Edward Brian Kevin Adam"
        ),
        _split(
            "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Emma "
            "Olivia Sophie Charlotte Emily Hannah Grace Lucy Chloe Amy"
        ),
        _split(
            "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas "
            "Moore Jackson White Harris Martin Thompson Clark Lewis Walker Hall Young King "
            "Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter"
        ),
        given_count=(1, 1, 2),
    ),
    Culture(
        "spanish-portuguese",
        ("ESP", "MEX", "COL", "ARG", "PER", "CHL", "BRA", "PRT"),
        _split(
            "José Juan Luis Carlos Jorge Miguel Pedro Antonio Francisco Manuel Javier Diego "
            "Alejandro Fernando Ricardo Eduardo Andrés Pablo João Tiago Rafael Gustavo"
        ),
        _split(
            "María Ana Carmen Laura Isabel Lucía Sofía Valentina Camila Gabriela Mariana "
            "Beatriz Fernanda Paula Juliana Rosa"
        ),
        _split(
            "García Rodríguez Martínez López González Hernández Pérez Sánchez Ramírez Torres "
            "Flores Rivera Gómez Díaz Morales Ortiz Castro Silva Santos Oliveira Souza "
            "Pereira Ferreira Costa Almeida de la Cruz"
        ),
        given_count=(1, 2),
    ),
    Culture(
        "french-german-dutch",
        ("FRA", "BEL", "CHE", "DEU", "AUT", "NLD"),
        _split(
            "Jean Pierre Michel Philippe Louis Nicolas François Julien Hans Peter Klaus "
            "Jürgen Stefan Wolfgang Lukas Jan Pieter Willem Thijs Bram Maximilian Felix"
        ),
        _split(
            "Marie Sophie Camille Claire Julie Anne Nathalie Ursula Anna Katharina Sabine "
            "Lena Emma Sanne Femke Lotte Charlotte Inès"
        ),
        _split(
            "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Müller "
            "Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann de Jong van Dijk "
            "Jansen de Vries van den Berg Bakker Visser"
        ),
        given_count=(1, 1, 2),
    ),
    Culture(
        "russian-cyrillic",
        ("RUS", "UKR", "BLR", "KAZ"),
        _split(
            "Александр Сергей Дмитрий Андрей Алексей Иван Михаил Николай Владимир Евгений "
            "Олег Павел Артём Максим Виктор Юрий"
        ),
        _split("Анна Мария Елена Ольга Наталья Татьяна Ирина Светлана Екатерина Юлия Дарья"),
        _split(
            "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров "
            "Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Шевченко Коваленко"
        ),
    ),
    Culture(
        "russian-latin",
        ("RUS", "UKR", "GEO", "UZB", "AZE"),
        _split(
            "Aleksandr Sergei Dmitry Andrei Alexei Ivan Mikhail Nikolai Vladimir Yevgeny "
            "Oleg Pavel Artyom Maksim Viktor Yuri Giorgi Rustam Timur Farid Ramzan"
        ),
        _split("Anna Maria Elena Olga Natalia Tatiana Irina Svetlana Ekaterina Yulia Nino"),
        _split(
            "Ivanov Smirnov Kuznetsov Popov Vasilyev Petrov Sokolov Mikhailov Novikov Fedorov "
            "Morozov Volkov Alekseev Lebedev Beridze Kapanadze Karimov Aliyev Mammadov Kadyrov"
        ),
    ),
    Culture(
        "greek",
        ("GRC", "CYP"),
        _split("Γιώργος Δημήτρης Κωνσταντίνος Γιάννης Νίκος Παναγιώτης Βασίλης Χρήστος Αθανάσιος"),
        _split("Μαρία Ελένη Αικατερίνη Βασιλική Σοφία Αγγελική Γεωργία Δήμητρα"),
        _split(
            "Παπαδόπουλος Παπαδάκης Γεωργίου Οικονόμου Νικολαΐδης Βλάχος Αντωνίου "
            "Ιωάννου Καραγιάννης Μακρής Παππάς Δημητρίου"
        ),
    ),
    Culture(
        "chinese-han",
        ("CHN", "TWN", "SGP"),
        _split("伟 强 磊 洋 勇 军 杰 涛 明 超 俊 浩 建华 志强 晓东"),
        _split("芳 娜 敏 静 丽 艳 娟 霞 婷 雪 秀英 桂英"),
        _split("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 林 罗 高"),
        surname_first=True,
    ),
    Culture(
        "chinese-pinyin",
        ("CHN", "TWN", "SGP", "MYS"),
        _split("Wei Qiang Lei Yang Yong Jun Jie Tao Ming Chao Jianhua Zhiqiang Xiaodong Hao"),
        _split("Fang Na Min Jing Li Yan Juan Xia Ting Xue Xiuying Guiying Mei"),
        _split("Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin"),
        surname_first=True,
    ),
    Culture(
        "korean",
        ("KOR", "PRK"),
        _split("민준 서준 도윤 예준 시우 하준 지호 주원 지훈 성민 영호 철수 정훈 동현"),
        _split("서연 서윤 지우 서현 민서 하은 하윤 윤서 지민 수빈 영희 미영"),
        _split("김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황"),
        surname_first=True,
    ),
    Culture(
        "korean-latin",
        ("KOR", "PRK", "USA"),
        _split(
            "Min-jun Seo-jun Do-yun Ji-ho Sung-min Young-ho Chul-soo Jung-hoon Dong-hyun Tae-hyun"
        ),
        _split("Seo-yeon Ji-woo Min-seo Ha-eun Yoon-seo Ji-min Soo-bin Young-hee Mi-young"),
        _split("Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon Hwang"),
    ),
    Culture(
        "japanese",
        ("JPN",),
        _split("ひろし たけし さとし まこと けんじ ゆうき だいすけ しょうた ハルト ソウタ"),
        _split("ゆい あおい さくら はな みゆき ようこ まい ミサキ アヤカ"),
        _split("サトウ スズキ タカハシ タナカ ワタナベ イトウ ヤマモト ナカムラ コバヤシ カトウ"),
        surname_first=True,
    ),
    Culture(
        "japanese-latin",
        ("JPN",),
        _split("Hiroshi Takeshi Satoshi Makoto Kenji Yuki Daisuke Shota Haruto Sota Ren Kaito"),
        _split("Yui Aoi Sakura Hana Miyuki Yoko Mai Misaki Ayaka Haruka"),
        _split(
            "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato "
            "Yoshida Yamada Sasaki Yamaguchi Matsumoto"
        ),
    ),
    Culture(
        "indian",
        ("IND", "NPL"),
        _split("राहुल अमित सुनील राजेश विजय संजय अनिल मनोज रवि अजय"),
        _split("प्रिया पूजा अनीता सुनीता कविता नेहा रीता"),
        _split("शर्मा वर्मा गुप्ता सिंह कुमार यादव मिश्रा जोशी पटेल"),
    ),
    Culture(
        "indian-latin",
        ("IND", "BGD", "LKA", "GBR"),
        _split(
            "Rahul Amit Sunil Rajesh Vijay Sanjay Anil Manoj Ravi Ajay Arjun Vikram Suresh "
            "Ramesh Karthik Abhishek Rohit Deepak"
        ),
        _split("Priya Pooja Anita Sunita Kavita Neha Rita Lakshmi Divya Anjali Meena"),
        _split(
            "Sharma Verma Gupta Singh Kumar Yadav Mishra Joshi Patel Shah Reddy Nair Iyer "
            "Das Banerjee Chatterjee Mukherjee Rao Pillai Menon"
        ),
        given_count=(1, 1, 2),
    ),
    Culture(
        "turkish",
        ("TUR", "AZE", "CYP"),
        _split("Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Emre Burak Serkan Oğuz"),
        _split("Ayşe Fatma Emine Hatice Zeynep Elif Merve Özlem Esra Büşra"),
        _split("Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan"),
    ),
    Culture(
        "west-african",
        ("NGA", "GHA", "SEN", "MLI", "NER", "CMR"),
        _split(
            "Oluwaseun Chinedu Emeka Tunde Kwame Kofi Mamadou Ibrahima Moussa Abdoulaye "
            "Babatunde Chukwuemeka Adebayo Sani Usman Musa"
        ),
        _split("Ngozi Chiamaka Funmilayo Amina Aminata Fatoumata Adwoa Akosua Halima Aissatou"),
        _split(
            "Okafor Adeyemi Okonkwo Balogun Mensah Asante Diallo Traoré Keita Coulibaly "
            "Ndiaye Diop Bello Abubakar Danjuma Eze Nwosu"
        ),
    ),
    Culture(
        "east-african-somali",
        ("SOM", "ETH", "KEN", "ERI", "SDN"),
        _split("Abdi Abdirahman Farah Hassan Mohamed Yusuf Dawit Tesfaye Kiprop Otieno Mwangi"),
        _split("Hodan Faduma Sahra Hawa Ayaan Meron Tigist Wanjiru Achieng"),
        _split(
            "Abdi Warsame Hersi Jama Egal Farah Gebremedhin Haile Tesfaye Kiprono Odhiambo "
            "Kamau Njoroge Osman"
        ),
        given_count=(1, 2),
    ),
    Culture(
        "southeast-asian",
        ("IDN", "MYS", "PHL", "VNM", "THA"),
        _split(
            "Budi Agus Joko Adi Rizky Fajar Hendra Ahmad Nguyen Van Minh Duc Jose Mark "
            "Somchai Arif Hafiz Ismail"
        ),
        _split("Siti Dewi Sri Putri Rina Nur Lan Huong Thuy Maria Kannika Aisyah"),
        _split(
            "Santoso Wijaya Kusuma Hidayat Saputra Pratama Nguyen Tran Le Pham Hoang Reyes "
            "Cruz Bautista Ocampo Abdullah Rahman Tan Lim"
        ),
        given_count=(1, 2),
    ),
)


def generate_people(count: int, seed: int = 0, prefix: str = "P") -> Iterator[SyntheticPerson]:
    """Yield ``count`` people, the same for the same ``seed``.

    Cultures are drawn uniformly; dates of birth uniformly between 1940 and 2007.
    """
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    first_day = dt.date(1940, 1, 1).toordinal()
    last_day = dt.date(2007, 12, 31).toordinal()
    for number in range(count):
        culture = rng.choice(CULTURES)
        gender = rng.choice(("male", "female"))
        pool = culture.male if gender == "male" else culture.female
        given_count = rng.choice(culture.given_count)
        given = [rng.choice(pool)]
        # later given names of patronymic cultures are fathers' and grandfathers' names
        given.extend(rng.choice(culture.male) for _ in range(given_count - 1))
        yield SyntheticPerson(
            person_id=f"{prefix}{number:07d}",
            given_names=tuple(given),
            surname=rng.choice(culture.surnames),
            gender=gender,
            date_of_birth=dt.date.fromordinal(rng.randint(first_day, last_day)),
            nationality=rng.choice(culture.nationalities),
            culture=culture.name,
            surname_first=culture.surname_first,
        )
