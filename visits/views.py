from django.shortcuts import render


def visiting_us(request):
    return render(request, "visits/visiting_us.html")
